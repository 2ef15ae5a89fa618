// The config reference (docs/CONFIG.md), written from the schema so that it cannot drift from it.
// `npm run docs` writes the file; a unit test fails when the checked-in file is not current.
import { BACKEND_PINS } from '../engine/backend-names';
import { GROKKED_AT, MEMORISED_AT, PROGRESS_EVERY } from '../engine/metrics';
import { LENS_FACTS } from '../engine/inside/lens-view';
import { operation, OPS } from './operations';
import { CONFIG_KEYS, DEFAULT_CONFIG, LIVE_KEYS, SCHEMA } from './schema';
import { validRange } from './validate';

const code = (s: string | number) => `\`${s}\``;
const percent = (x: number) => `${Math.round(x * 100)}%`;

function keyTable(): string[] {
  const rows = ['| key | on the page | group | default | valid | live | meaning |', '|---|---|---|---|---|---|---|'];
  for (const key of CONFIG_KEYS) {
    const spec = SCHEMA[key];
    rows.push(
      `| ${code(key)} | ${spec.label} | ${spec.group} | ${code(DEFAULT_CONFIG[key])} | ${validRange(key)} | ${spec.live ? 'yes' : ''} | ${spec.help} |`,
    );
  }
  return rows;
}

function opTable(): string[] {
  const rows = ['| `op` | the network learns | pairs (a, b) |', '|---|---|---|'];
  for (const op of OPS) {
    const { formula, domain, firstB, excluded } = operation(op);
    const pairs =
      domain === 'S5'
        ? 'a, b: the 120 permutations of 0…4 (tokens 0…119)'
        : firstB === 0
          ? '0 ≤ a, b < p'
          : `0 ≤ a < p, ${firstB} ≤ b < p`;
    const learns = domain === 'S5' ? formula : `${formula} mod p`;
    rows.push(`| ${code(op)} | ${learns} | ${pairs}${excluded ? ` (${excluded})` : ''} |`);
  }
  return rows;
}

export function configReference(): string {
  const lines = [
    '<!-- Written from src/config/schema.ts by `npm run docs`; edit the schema, not this file. -->',
    '# The experiment config',
    '',
    'Every setting of an experiment has one name, used unchanged in the share link (query string), the',
    'CLI (`--key value`), the presets and exported run files. A run is fully determined by its config:',
    'the same config, seed included, on the same backend gives the same metrics.',
    '',
    '## Keys',
    '',
    ...keyTable(),
    '',
    "The defaults are the Grokfast paper's setup as its text gives it (Lee et al. 2024, see [docs/REFERENCE.md](../docs/REFERENCE.md));",
    'the "Paper" presets add the three keys where its code differs (below).',
    '`dim` must be divisible by `heads`.',
    '',
    '## Live keys',
    '',
    `${LIVE_KEYS.map(code).join(', ')} may change while a run goes on: the change applies from the next`,
    'step, keeps the model and the optimizer and filter state, and is recorded in the run (step, key, old',
    'and new value). Any other key defines a new run.',
    '',
    '## Share links',
    '',
    'A link holds the keys that differ from the defaults above; keys left out take the defaults. A link',
    `whose config equals the defaults names one key (${code(`?p=${DEFAULT_CONFIG.p}`)}), since an address with no`,
    "setting in it opens the page's own default, the small classroom preset with Grokfast-EMA racing its",
    'baseline. Keys of the page, not of the',
    'run:',
    '',
    '- `autoplay=1` starts training on load;',
    '- `present=1` opens classroom mode;',
    '- `race=1` opens the run as a race against its baseline (the same settings with the filter off; a',
    '  run whose filter is off has none); the command line trains the run alone and says so;',
    `- \`backend=\` pins a backend: ${BACKEND_PINS.map(code).join(', ')} (\`auto\`, the default, picks the fastest).`,
    '',
    '## Where the lab departs from the Grokfast code',
    '',
    "The lab's defaults follow the paper's text; the Grokfast code (github.com/ironjr/grokfast, `main.py`)",
    'differs in three places, each a key. The "Paper" presets set all three, so they train the code\'s',
    'setup; the defaults stay as they were, so a link or run file made before these keys means what it meant.',
    '',
    '- **The block** (`block`). `standard`, the default, is the pre-LayerNorm block, `x + attn(LN(x))`',
    '  then `x + mlp(LN(x))`; the Grokfast code normalises first and keeps the normalised x on the',
    '  residual path (`x = LN(x); x = x + attn(x)`), which `block=grokfast` gives. This is where the lab',
    "  departed most from the paper: Grokfast-MA on the paper's setup with the standard block had neither",
    '  memorised nor grokked by step 2,000 on two seeds of three, and grokked by step 850 on all three with',
    '  the code\'s block (README, "Over seeds, and the block"). The filter itself matches the code\'s line by line.',
    '- **The table** (`bzero`). The code leaves out the equations with b = 0 (`0 < b < p`: 9,312 for',
    '  p = 97, 4,656 of them for training); the lab keeps the whole table by default (9,409).',
    "  `bzero=exclude` gives the code's table.",
    "- **Warmup** (`firstlr`). The lab's learning rate at step t (from 1) is `lr · min(1, t / warmup)`:",
    "  `lr / 10` at the first step with the default warmup of 10. The code's scheduler counts updates",
    '  from 0, so its first step has learning rate 0 and it reaches `lr` one step later: `firstlr=zero`.',
    '- **Training accuracy.** The lab evaluates the whole training set at each evaluation step; the',
    '  Grokfast code reports the accuracy of the training batches as they are trained on (a running',
    '  figure over the model as it changes), so its training curve leads and is noisier.',
    '',
    '## Data',
    '',
    ...opTable(),
    '',
    'Each equation is the tokens `[a, OP, b, EQ]` with `OP = n` and `EQ = n + 1`, where n is the number of',
    'symbols: p, or 120 for S5 (a vocabulary of n + 2); the model predicts the answer at the last',
    'position, with cross-entropy over the vocabulary. The split is a seeded shuffle: the first',
    '`round(frac · N)` equations train, the rest validate. `bzero=exclude` leaves the pairs with b = 0 out',
    'of every table (in S5, b the identity), as the Grokfast code does. In S5, permutation k is the k-th of the 120',
    'in lexicographic order of its one-line notation (0 is `01234`, the identity; 119 is `43210`), and',
    '`a ∘ b` applies b first, then a. These are the twelve operations of Power et al. (2021) and `mul`,',
    "the Grokfast paper's.",
    '',
    '## Reasoning tasks',
    '',
    '`task=compose` and `task=compare` are the two tasks of Wang et al. (2024), "Grokked Transformers are',
    'Implicit Reasoners", at a scale the keys set (`entities`, `phi`, `ood`, and `relations`, `degree` or',
    "`attributes`, `values`). Facts are four tokens (padded) and an answer. As in the paper's code, where",
    "`h r` is followed by its tail and `h r1 r2` by theirs, the model reads an atomic fact's answer at its",
    "second token and an inferred fact's at its third: the causal model then computes a chain's first hop",
    'at the same position, from the same inputs, as the atomic fact it uses.',
    '',
    '- **Composition.** Tokens: entities `0…E−1`, relations `E…E+R−1`, then PAD (vocabulary E + R + 1).',
    '  Each entity has a tail for `degree` of the relations, drawn at random. Atomic facts',
    '  `[h, r, PAD, PAD] → t`; inferred facts `[h, r1, r2, PAD] → t` where h –r1→ b –r2→ t. A share `ood`',
    '  of the atomic facts is out of distribution. Training: every atomic fact, and φ inferred facts per',
    '  ID atomic fact, drawn from the chains of two ID atoms; test-ID: chains of two ID atoms held out (10%',
    '  of them, at most 3,000); test-OOD: chains of two OOD atoms (at most 3,000); mixed chains are not used.',
    '- **Comparison.** Tokens: entities `0…E−1`, attributes `E…E+A−1`, values `E+A…E+A+V−1`, then `<`,',
    '  `=`, `>` and PAD (vocabulary E + A + V + 4). Each (entity, attribute) has a value drawn uniformly.',
    '  Atomic facts `[e, a, PAD, PAD] → v`; inferred facts `[e1, a, e2, PAD] → <, = or >`. For',
    '  each attribute a share `ood` of the entities is out of distribution. Training: every atomic fact and',
    '  φ comparisons per ID atomic fact, drawn from pairs of ID entities; test-ID: pairs of ID entities',
    '  held out (10%, at most 3,000 facts); test-OOD: pairs of OOD entities (at most 3,000). (The paper has',
    '  three comparison tokens per attribute; here the three are shared.)',
    '',
    'Their records add `oodLoss` and `oodAcc` (test-OOD); `valLoss` and `valAcc` are test-ID. The event',
    '`grokked-ood` marks test-OOD accuracy reaching the grokked threshold. `op`, `p` and `frac` do not apply',
    'to them (nor their keys to `task=mod`); a run file written before these keys existed reads as',
    '`task=mod` with their defaults.',
    '',
    "Composition records also carry the logit lens: `bridgeId` and `bridgeOod`. For a fixed sample (the seed's)",
    `of up to ${LENS_FACTS} test-ID and ${LENS_FACTS} test-OOD facts \`[h, r1, r2, PAD]\` with bridge entity b (h –r1→ b), the`,
    'residual stream after the embeddings and after each block is read through the final LayerNorm and the',
    'output layer; each is the share of the facts whose b is the top entity (strictly above every other',
    'entity) at the r1 position, at the best layer between the embeddings and the last block. The last block',
    'is left out: at r1 the model answers the atomic fact (h, r1) → b itself, so b shows there for ID and',
    'OOD facts alike once the atomic facts are memorised. A one-block model (no layer in between) and files',
    'from before the lens have no such fields.',
    '',
    '## Metrics',
    '',
    'One record per evaluation (a JSON line in the CLI, the same fields in exported runs): `step`,',
    '`trainLoss`, `trainAcc`, `valLoss`, `valAcc` (over the whole training and validation sets),',
    "`weightNorm` (L2 norm of all parameters), `gradNorm` (of the step's gradient, before the filter) and",
    '`ms` (training time since the start, pauses excluded).',
    '',
    "For `a + b`, `a − b`, `a · b` and `a ÷ b` a record also carries Nanda et al.'s (2023) progress measures",
    `at an evaluation at least ${PROGRESS_EVERY} steps after the last one that did (every evaluation when \`eval\` ≥ ${PROGRESS_EVERY}):`,
    "`keyFrequencies` (the 5 largest frequencies k ≥ 1 of the number embeddings' Fourier spectrum, strongest",
    "first), `sparsity` (the share of the spectrum's energy, k = 0 left out, in those 5), `restrictedLoss`",
    '(cross-entropy over the whole table of the logits kept to their mean and their components along',
    'cos(2πk·s/n) and sin(2πk·s/n) for the key frequencies, s being the position of the answer in the group)',
    'and `excludedLoss` (cross-entropy over the training set of the logits with those components removed).',
    'For `+` and `−` the group is the numbers 0…p−1 (n = p, s = a ± b); for `·` and `÷` it is 1…p−1 ordered',
    'by their discrete logarithm to the smallest primitive root g (n = p − 1, s = log a ± log b): 0 has no',
    'logarithm, so its embedding and the pairs with a or b = 0 are left out of these measures. The other',
    'operations have no such group and no progress measures. A restricted loss falling before validation',
    'accuracy jumps shows the general circuit forming; an excluded loss rising after it, the memorised',
    'answers fading (src/engine/inside/progress.ts).',
    '',
    `Events: **memorised** is the first evaluation with training accuracy ≥ ${percent(MEMORISED_AT)}, **grokked** the`,
    `first with validation accuracy ≥ ${percent(GROKKED_AT)}; the delay is grokked − memorised. A non-finite loss or`,
    'weight ends the run as **diverged**, with every metric before it kept.',
    '',
    '## Bad input',
    '',
    'A value of the wrong type, out of range, a `p` that is not prime, or a `dim` not divisible by',
    '`heads` is refused with a message that names the key, the value and what is valid. In a link the',
    'rest still loads (the bad key keeps its default and the page says so); the CLI exits with status 2',
    'before training. Unknown keys are reported, never used.',
    '',
    'Files are checked field by field against a declared shape (run files: src/runs/run-file.ts; sweep',
    'summaries: src/sweep/summary.ts), and the first wrong field is named with its path, e.g.',
    '`records[3].trainAcc: -1 is not a number from 0 to 1`. A config in a file holds numbers as numbers',
    '(`"p": "11"` is refused, naming `p`); keys added since the file was written take their defaults of',
    'then. Accuracies and sparsities are shares from 0 to 1, losses and norms float32 values (at most',
    '3.4e38), steps whole numbers up to the largest step budget; a share computed a hair over 1',
    '(within 1e-9, as 1.0000000000000002) reads as 1. A stored run that fails these checks is kept in',
    'the browser as it is, listed under the runs with what is wrong and exportable, never dropped.',
    '',
  ];
  return lines.join('\n');
}
