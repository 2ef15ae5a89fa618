// Sweeps worth running in a class or before a long run, on the small preset (a + b mod 23, which
// groks in thousands of steps on a CPU): each a base config and a grid.
import { SMALL_GROKFAST_CONFIG, SMALL_GROKKING_CONFIG } from '../config/presets';
import type { Config } from '../config/schema';

export interface SweepPreset {
  id: string;
  name: string;
  description: string;
  base: Config;
  grid: string;
  stopAfterGrok: number;
}

export const SWEEP_PRESETS: readonly SweepPreset[] = [
  {
    id: 'frac',
    name: 'Training fraction',
    description:
      'Steps to grok against the share of the table trained on (Power et al., figure 1): less data, a later jump, and below some share none by the budget. With Grokfast-EMA so that it fits a lesson; set the filter to none for the paper’s setting.',
    base: SMALL_GROKFAST_CONFIG,
    grid: 'frac=0.4:0.8:5 seed=0,1',
    stopAfterGrok: 200,
  },
  {
    id: 'wd-lr',
    name: 'Weight decay × learning rate',
    description:
      'Where grokking happens at all (Omnigrok’s phase diagrams): too little weight decay memorises only, too much learns nothing; the learning rate moves the border.',
    base: SMALL_GROKFAST_CONFIG,
    grid: 'wd=0,0.002,0.005 lr=0.001,0.003,0.01',
    stopAfterGrok: 200,
  },
  {
    id: 'alpha-lambda',
    name: 'Grokfast α × λ, no weight decay',
    description: 'Where in (α, λ) the speed-up lives, with the filter alone doing the work (weight decay 0).',
    base: { ...SMALL_GROKKING_CONFIG, filter: 'ema', wd: 0 },
    grid: 'alpha=0.9,0.95,0.98 lambda=1,2,5',
    stopAfterGrok: 200,
  },
  {
    id: 'alpha-lambda-wd',
    name: 'Grokfast α × λ, weight decay 0.005',
    description:
      'The same grid with the small preset’s weight decay: how much of the speed-up is the filter’s, and where the two together hurt.',
    base: { ...SMALL_GROKKING_CONFIG, filter: 'ema' },
    grid: 'alpha=0.9,0.95,0.98 lambda=1,2,5',
    stopAfterGrok: 200,
  },
];
