// Chart colours: the blue/orange pair and the markers stay apart under the common colour-vision deficiencies.
export const COLORS = {
  train: '#0072B2',
  validation: '#E66100',
  /** test-OOD, the reasoning tasks' third split. */
  ood: '#5D3A9B',
  memorised: '#882E72',
  grokked: '#117733',
  change: '#555555',
  grid: '#dddddd',
} as const;

/** Train lines are dashed so the two series differ by more than colour. */
export const TRAIN_DASH = '6 4';

/** A racing baseline's colour, kept apart from the overlay colours so it reads the same in every race. */
export const BASELINE_COLOR = '#CC79A7';

/** Colours of other runs drawn on the charts, apart from the current run's blue and orange. */
export const OVERLAY_COLORS = ['#009E73', '#56B4E9', '#555555', '#D55E00', '#8C6D00'] as const;
