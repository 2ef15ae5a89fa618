// What a chart draws: its rows (one per evaluation) and the series it takes from them. Shared by
// the chart and its canvas line layer.

/**
 * One drawn point. A null value leaves a gap: a loss that is not positive or not finite (on the log
 * axis), or a series a chart does not have (a weight-norm row has no accuracy).
 */
export interface ChartRow {
  step: number;
  trainAcc: number | null;
  valAcc: number | null;
  trainLoss: number | null;
  valLoss: number | null;
  /** test-OOD (the reasoning tasks); null for the arithmetic task. */
  oodAcc: number | null;
  oodLoss: number | null;
  weightNorm: number | null;
  sparsity: number | null;
  /** The progress measures' losses (null in a record without them). */
  restrictedLoss: number | null;
  excludedLoss: number | null;
  /** The logit lens's bridge decodability, test-ID and test-OOD (the composition task); else null. */
  bridgeId: number | null;
  bridgeOod: number | null;
}

export interface Series {
  key: keyof Omit<ChartRow, 'step'>;
  name: string;
  color: string;
  dash?: string;
}
