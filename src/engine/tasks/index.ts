// The data of a run's task, whichever family it is (the schema's `task` key): the arithmetic table
// (../data.ts) or a reasoning task (./compose.ts, ./compare.ts), as the trainer consumes it.
import type { Config } from '../../config/schema';
import { makeTask, type Equations, type TaskData } from '../data';
import { makeCompareTask } from './compare';
import { makeComposeTask } from './compose';

/** Share of the ID inferred facts held out for test-ID, and the most facts a test set holds. */
const TEST_SHARE = 0.1;
const MAX_TEST = 3000;

export interface RunData extends TaskData {
  /** test-OOD: the reasoning tasks' third split (absent for the arithmetic table). */
  ood?: Equations;
  /** A token as people read it. */
  tokenName: (token: number) => string;
  /** Why the data cannot train, naming the key to change; null when it can. */
  problem: { key: keyof Config; message: string } | null;
}

export function makeRunData(c: Config): RunData {
  if (c.task === 'mod') {
    const data = makeTask(c.op, c.p, c.frac, c.seed, c.bzero);
    return { ...data, tokenName: (t) => (t < data.p ? String(t) : t === data.p ? 'op' : '='), problem: null };
  }
  const shared = { entities: c.entities, oodShare: c.ood, phi: c.phi, testShare: TEST_SHARE, maxTest: MAX_TEST };
  const made =
    c.task === 'compose'
      ? makeComposeTask({ ...shared, relations: c.relations, perEntity: c.degree }, c.seed)
      : makeCompareTask({ ...shared, attributes: c.attributes, values: c.values }, c.seed);
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
