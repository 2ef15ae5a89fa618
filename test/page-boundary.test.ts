// The page loads no TensorFlow.js (issue 24): tfjs runs in the training worker only. The lint rule
// lint/no-tfjs-in-page.js guards the boundary; these tests check the page as it is, that the rule
// catches the import that once broke it, and that eslint.config.js applies it where it must.
import { resolve } from 'node:path';
import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { noTfjsInPage, tfjsChain, valueImports } from '../lint/no-tfjs-in-page.js';

describe('the page', () => {
  it('loads nothing from @tensorflow/*, through any chain of imports from src/main.tsx', () => {
    expect(tfjsChain('./src/main.tsx', resolve('index.html'))).toBeUndefined();
  });

  it('is linted with the rule, in src/main.tsx, src/ui and src/store', async () => {
    const eslint = new ESLint();
    for (const file of ['src/main.tsx', 'src/ui/inside/FactsPanel.tsx', 'src/ui/format.ts', 'src/store/inside.ts']) {
      const config = (await eslint.calculateConfigForFile(file)) as { rules: Record<string, unknown> };
      expect(config.rules['grok-lab/no-tfjs-in-page'], file).toEqual([2]);
    }
  });
});

describe('valueImports', () => {
  it('keeps what runs and drops what TypeScript erases', () => {
    const text = [
      "import a from './a';",
      "import type { B } from './b';",
      "import { type C, type D } from './c';",
      "import { type E, e } from './e';",
      "import './f.css';",
      "export { g } from './g';",
      "export type { H } from './h';",
      "export * from './i';",
      "const j = () => import('./j');",
    ].join('\n');
    expect(valueImports(text, 'x.ts')).toEqual(['./a', './e', './f.css', './g', './i', './j']);
  });
});

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const inUi = resolve('src/ui/inside/FactsPanel.tsx');
const reaches = [{ messageId: 'reaches' }];

tester.run('no-tfjs-in-page', noTfjsInPage, {
  valid: [
    { filename: inUi, code: "import type { FactsView } from '../../engine/inside/facts';" },
    { filename: inUi, code: "import { type FactsView } from '../../engine/inside/facts';" },
    { filename: inUi, code: "import { FACT_SPLITS } from '../../engine/inside/facts-view';" },
    { filename: inUi, code: "import { milestones } from '../../engine/metrics';" },
    { filename: inUi, code: "import { useState } from 'react';" },
  ],
  invalid: [
    // The import of issue 24: a constant from an engine module that imports tfjs-core.
    {
      filename: inUi,
      code: "import { FACT_SPLITS, type FactsView } from '../../engine/inside/facts';",
      errors: [
        {
          messageId: 'reaches',
          data: {
            source: '../../engine/inside/facts',
            chain: 'src/engine/inside/facts.ts → @tensorflow/tfjs-core',
          },
        },
      ],
    },
    { filename: inUi, code: "import * as tf from '@tensorflow/tfjs-core';", errors: reaches },
    // Deeper: the trainer imports the model, which imports the ops, which import tfjs.
    { filename: inUi, code: "import { Trainer } from '../../engine/trainer';", errors: reaches },
    { filename: inUi, code: "export * from '../../engine/model';", errors: reaches },
    { filename: inUi, code: "const model = () => import('../../engine/model');", errors: reaches },
  ],
});
