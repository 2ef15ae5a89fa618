// The arithmetic task's engine half (its keys and descriptor: src/config/tasks/mod.ts): the table of
// one operation split by ../data.ts, and the Fourier group of its progress measures.
import { makeTask } from '../data';
import { fourierGroup } from '../inside/group';
import type { EngineFamily } from './family';

export const MOD_ENGINE: EngineFamily = {
  makeData: (c) => {
    const data = makeTask(c.op, c.p, c.frac, c.seed, c.bzero);
    return { ...data, tokenName: (t) => (t < data.p ? String(t) : t === data.p ? 'op' : '='), problem: null };
  },
  progressGroup: (c) => fourierGroup(c.op, c.p),
};
