// Chart colours: the blue/orange pair and the markers stay apart under the common colour-vision deficiencies.
export const COLORS = {
  train: '#0072B2',
  validation: '#E66100',
  memorised: '#882E72',
  grokked: '#117733',
  change: '#555555',
  grid: '#dddddd',
} as const;

/** Train lines are dashed so the two series differ by more than colour. */
export const TRAIN_DASH = '6 4';
