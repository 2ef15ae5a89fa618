// The answer grid's colours: the charts' train blue and validation orange, strong where the model
// answers right and pale where it answers wrong, so a grid that groks turns from pale to strong orange.
export const GRID_COLORS = {
  trainRight: '#0072B2',
  trainWrong: '#BCD6EA',
  valRight: '#E66100',
  valWrong: '#F8D5BC',
  none: '#FFFFFF',
} as const;

/** The colour of one cell (split: 1 train, 2 validation, 0 no equation). */
export function cellColor(split: number, right: boolean): string {
  if (split === 1) return right ? GRID_COLORS.trainRight : GRID_COLORS.trainWrong;
  if (split === 2) return right ? GRID_COLORS.valRight : GRID_COLORS.valWrong;
  return GRID_COLORS.none;
}
