// What the two reasoning tasks' engine halves share (./compose.ts, ./compare.ts): the settings every
// one takes from the config, and their facts as a run's data.
import type { Config } from '../../config/schema';
import type { ReasoningSplits } from './facts';
import type { RunData } from './family';

/** The most facts a test set holds. */
const MAX_TEST = 3000;

/** The settings the two generators share, from the config. */
export const reasoningSettings = (c: Config) => ({
  entities: c.entities,
  oodShare: c.ood,
  phi: c.phi,
  testShare: c.testid,
  maxTest: MAX_TEST,
});

/** A reasoning task's facts as a run's data: test-ID validates, test-OOD is the third split. */
export function reasoningData(
  c: Config,
  made: ReasoningSplits & { vocab: number; tokenName: (token: number) => string },
): RunData {
  const empty = made.testOod.count === 0 ? 'test-OOD' : made.testId.count === 0 ? 'test-ID' : null;
  return {
    p: 0,
    vocab: made.vocab,
    train: made.train,
    val: made.testId,
    ood: made.testOod,
    tokenName: made.tokenName,
    problem:
      empty === 'test-OOD'
        ? {
            key: 'ood',
            message: `ood: ${c.ood} leaves no test-OOD facts with ${c.entities} entities; expected a larger share or more entities`,
          }
        : empty === 'test-ID'
          ? {
              key: 'entities',
              message: `entities: ${c.entities} leave no test-ID facts; expected more entities`,
            }
          : null,
  };
}
