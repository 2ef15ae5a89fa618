// A decoder-only Transformer for a ∘ b = c, in one sitting.
//
//   tokens [a, OP, b, EQ] → token + learned position embeddings
//   → `layers` × block: x += attn(LN(x)); x += mlp(LN(x))   (causal, `heads` heads, MLP 4·dim
//     with exact GELU; the standard pre-LayerNorm block, or with `block=grokfast` the Grokfast
//     code's, x = LN(x); x += attn(x), which keeps the normalised x on the residual path)
//   → final LayerNorm → output layer (untied, or with `tie=tied` the token embedding transposed),
//     read at the last position (or at each fact's answer position, for the reasoning tasks)
//     → logits over the vocabulary. With `dropout`, training drops where GPT-2 does (see forward).
//
// The operations (embeddings, LayerNorm, linear layers, GELU, attention, loss) and their gradients
// live in ./ops: written out so that every product takes the backend's fast path.
import * as tf from '@tensorflow/tfjs-core';
import { causalMask, type ModelOps, opsForBackend } from './ops';
import { Random, STREAM } from './random';
import type { BlockName, InitName, TieName } from '../config/schema';
import type { Dropout } from './dropout';

export { oneHotFloat } from './ops';

export interface ModelShape {
  vocab: number;
  seqLen: number;
  dim: number;
  heads: number;
  layers: number;
  /**
   * standard (the default): pre-LayerNorm, x += attn(LN(x)). grokfast: the Grokfast code's block,
   * x = LN(x); x += attn(x), so the residual path carries the normalised x. Both then x += mlp(LN(x)),
   * with the same parameters.
   */
  block?: BlockName;
  /** untied (the default): the output layer has its own weights; tied: it is the token embedding, transposed. */
  tie?: TieName;
  /** pytorch (the default) or gpt2: see parameterDefs. */
  init?: InitName;
}

interface ParamDef {
  name: string;
  shape: number[];
  init: (rng: Random, i: number) => number;
}

/** A uniform draw in ±1/√fan_in: PyTorch's default for nn.Linear weights and biases. */
const uniformFanIn = (fanIn: number) => (rng: Random) => (rng.uniform() * 2 - 1) / Math.sqrt(fanIn);
/** PyTorch's xavier_uniform_, used by nn.MultiheadAttention for its joint q/k/v projection. */
const xavier = (fanIn: number, fanOut: number) => (rng: Random) =>
  (rng.uniform() * 2 - 1) * Math.sqrt(6 / (fanIn + fanOut));
const normal = (rng: Random) => rng.normal();
const normalWithStd = (std: number) => (rng: Random) => rng.normal() * std;
/** HF GPT2Config.initializer_range. */
export const GPT2_INIT_STD = 0.02;
const constant = (c: number) => () => c;

/**
 * Parameters in a fixed order. `init=pytorch` (the default) initialises them as PyTorch does for
 * this model (the Grokfast paper's code: nn.Embedding, nn.MultiheadAttention, nn.Linear,
 * nn.LayerNorm). Grokking timing depends on the initial weight scale, so this matters:
 *   embeddings N(0, 1); q/k/v projection xavier-uniform with zero bias, attention output projection
 *   U(±1/√dim) with zero bias (nn.MultiheadAttention); MLP and output layer weights and biases
 *   U(±1/√fan_in) (nn.Linear); LayerNorm gain 1, bias 0. The output layer has no bias, as in the
 *   paper's code.
 * `init=gpt2` is HF GPT2PreTrainedModel._init_weights: every weight and embedding N(0, 0.02), but the
 * two residual projections (attention output and the MLP's second layer, GPT-2's `c_proj.weight`)
 * N(0, 0.02/√(2·layers)); every bias 0; LayerNorm gain 1, bias 0.
 * With `tie=tied` there is no output layer: the logits are x·Eᵀ with E the token embedding.
 */
export function parameterDefs(s: ModelShape): ParamDef[] {
  const d = s.dim;
  const gpt2 = s.init === 'gpt2';
  const weight = normalWithStd(GPT2_INIT_STD);
  const residual = normalWithStd(GPT2_INIT_STD / Math.sqrt(2 * s.layers));
  const zero = constant(0);
  const defs: ParamDef[] = [
    { name: 'tokEmb', shape: [s.vocab, d], init: gpt2 ? weight : normal },
    { name: 'posEmb', shape: [s.seqLen, d], init: gpt2 ? weight : normal },
  ];
  for (let l = 0; l < s.layers; l++) {
    defs.push(
      { name: `h${l}.ln1.g`, shape: [d], init: constant(1) },
      { name: `h${l}.ln1.b`, shape: [d], init: zero },
      { name: `h${l}.attn.wqkv`, shape: [d, 3 * d], init: gpt2 ? weight : xavier(d, 3 * d) },
      { name: `h${l}.attn.bqkv`, shape: [3 * d], init: zero },
      { name: `h${l}.attn.wo`, shape: [d, d], init: gpt2 ? residual : uniformFanIn(d) },
      { name: `h${l}.attn.bo`, shape: [d], init: zero },
      { name: `h${l}.ln2.g`, shape: [d], init: constant(1) },
      { name: `h${l}.ln2.b`, shape: [d], init: zero },
      { name: `h${l}.mlp.w1`, shape: [d, 4 * d], init: gpt2 ? weight : uniformFanIn(d) },
      { name: `h${l}.mlp.b1`, shape: [4 * d], init: gpt2 ? zero : uniformFanIn(d) },
      { name: `h${l}.mlp.w2`, shape: [4 * d, d], init: gpt2 ? residual : uniformFanIn(4 * d) },
      { name: `h${l}.mlp.b2`, shape: [d], init: gpt2 ? zero : uniformFanIn(4 * d) },
    );
  }
  defs.push({ name: 'lnF.g', shape: [d], init: constant(1) }, { name: 'lnF.b', shape: [d], init: zero });
  if (s.tie !== 'tied') defs.push({ name: 'head', shape: [d, s.vocab], init: gpt2 ? weight : uniformFanIn(d) });
  return defs;
}

export function parameterCount(s: ModelShape): number {
  return parameterDefs(s).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
}

/** Initial parameter values, drawn in order from the seed's init stream. */
export function initialValues(s: ModelShape, seed: number): Float32Array[] {
  const rng = new Random(seed, STREAM.init);
  return parameterDefs(s).map((def) => {
    const values = new Float32Array(def.shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = def.init(rng, i);
    return values;
  });
}

interface Block {
  ln1: [tf.Tensor1D, tf.Tensor1D];
  wqkv: tf.Tensor2D;
  bqkv: tf.Tensor1D;
  wo: tf.Tensor2D;
  bo: tf.Tensor1D;
  ln2: [tf.Tensor1D, tf.Tensor1D];
  w1: tf.Tensor2D;
  b1: tf.Tensor1D;
  w2: tf.Tensor2D;
  b2: tf.Tensor1D;
}

/**
 * The rows of x [B·T, d] that one-hot `readAt` picks: [B, d] for a readAt of [B, T], [B·K, d] (rows
 * b·K + k) for one of [B·K, T].
 */
function readRows(x: tf.Tensor2D, readAt: tf.Tensor2D, B: number, T: number, d: number): tf.Tensor2D {
  const K = readAt.shape[0] / B;
  if (K === 1) return x.reshape([B, T, d]).mul(readAt.expandDims(2)).sum(1);
  return x
    .reshape([B, 1, T, d])
    .mul(readAt.reshape([B, K, T, 1]))
    .sum(2)
    .reshape([B * K, d]);
}

export class Transformer {
  readonly shape: ModelShape;
  readonly names: string[];
  readonly params: tf.Variable[];
  private readonly tokEmb: tf.Tensor2D;
  private readonly posEmb: tf.Tensor2D;
  private readonly blocks: Block[];
  private readonly lnF: [tf.Tensor1D, tf.Tensor1D];
  /** The output layer [d, vocab]; null when tied to the token embedding. */
  private readonly head: tf.Tensor2D | null;
  private readonly mask: tf.Tensor2D;

  /** `ops`: how each operation and its gradient are computed (the same maths either way). */
  constructor(
    shape: ModelShape,
    values: Float32Array[],
    readonly ops: ModelOps = opsForBackend(),
  ) {
    const defs = parameterDefs(shape);
    if (values.length !== defs.length)
      throw new Error(`expected ${defs.length} parameter arrays, got ${values.length}`);
    this.shape = shape;
    this.names = defs.map((d) => d.name);
    // Variables get tfjs's own unique names: ours would clash when two models live side by side.
    this.params = defs.map((d, i) => {
      const initial = tf.tensor(values[i] as Float32Array, d.shape);
      const v = tf.variable(initial, true);
      initial.dispose(); // the variable holds its own reference to the data
      return v;
    });
    const byName = new Map(this.names.map((n, i) => [n, this.params[i] as tf.Variable]));
    // Variables are tensors of the rank their definition gives.
    const get = <T extends tf.Tensor>(n: string): T => byName.get(n) as unknown as T;
    this.tokEmb = get('tokEmb');
    this.posEmb = get('posEmb');
    this.blocks = [];
    for (let l = 0; l < shape.layers; l++) {
      const p = <T extends tf.Tensor>(n: string) => get<T>(`h${l}.${n}`);
      this.blocks.push({
        ln1: [p('ln1.g'), p('ln1.b')],
        wqkv: p('attn.wqkv'),
        bqkv: p('attn.bqkv'),
        wo: p('attn.wo'),
        bo: p('attn.bo'),
        ln2: [p('ln2.g'), p('ln2.b')],
        w1: p('mlp.w1'),
        b1: p('mlp.b1'),
        w2: p('mlp.w2'),
        b2: p('mlp.b2'),
      });
    }
    this.lnF = [get('lnF.g'), get('lnF.b')];
    this.head = shape.tie === 'tied' ? null : get('head');
    this.mask = causalMask(shape.seqLen);
  }

  static init(shape: ModelShape, seed: number, ops?: ModelOps): Transformer {
    return new Transformer(shape, initialValues(shape, seed), ops);
  }

  /**
   * Logits [B, vocab] for int32 tokens [B, T], read at the last position, or where `readAt` (one-hot
   * [B, T], float) says: the reasoning tasks read an atomic fact's answer one position earlier than an
   * inferred one's. A `readAt` of [B·K, T] reads K positions of each sequence (rows b·K + k): the
   * paper's format reads the answer and the end token. Call inside tidy/grads.
   */
  logits(tokens: tf.Tensor2D, readAt?: tf.Tensor2D): tf.Tensor2D {
    return this.forward(tokens, undefined, readAt);
  }

  /**
   * Mean cross-entropy over a batch: int32 tokens [B, T], one-hot targets [B, vocab] (or [B·K, vocab]
   * with a `readAt` of K positions per sequence: the mean over every target, as HF GPT-2 averages its
   * label tokens). With `dropout`
   * (training only), its masks are applied where GPT-2 has dropout; without, the model is exactly the
   * one evaluation and the views read.
   */
  loss(tokens: tf.Tensor2D, target: tf.Tensor2D, readAt?: tf.Tensor2D, dropout?: Dropout): tf.Scalar {
    return this.ops.crossEntropy(this.forward(tokens, undefined, readAt, undefined, dropout), target);
  }

  /**
   * Each block's attention probabilities [B, H, T, T] (row: the attending position, causal) for int32
   * tokens [B, T]. Call inside tidy.
   */
  attention(tokens: tf.Tensor2D): tf.Tensor4D[] {
    const maps: tf.Tensor4D[] = [];
    this.forward(tokens, maps);
    return maps;
  }

  /**
   * The residual stream [B·T, d] (row b·T + t) for int32 tokens [B, T]: after the embeddings, then
   * after each block (layers + 1 tensors). The logit lens reads it through readOut. Call inside tidy.
   */
  residualStream(tokens: tf.Tensor2D): tf.Tensor2D[] {
    const stream: tf.Tensor2D[] = [];
    this.forward(tokens, undefined, undefined, stream);
    return stream;
  }

  /**
   * Logits [N, vocab] of residual rows [N, d]: the final LayerNorm, then the output layer (or, tied,
   * the token embedding transposed: x·Eᵀ).
   */
  readOut(x: tf.Tensor2D): tf.Tensor2D {
    return this.ops.linear(this.ops.layerNorm(x, ...this.lnF), this.head ?? this.tokEmb.transpose());
  }

  /**
   * The forward pass; with `maps` or `stream`, every position of every block is computed, and each
   * block's attention (or the residual stream before the first block and after each) kept. `dropout`
   * only in training (loss).
   */
  private forward(
    tokens: tf.Tensor2D,
    maps?: tf.Tensor4D[],
    readAt?: tf.Tensor2D,
    stream?: tf.Tensor2D[],
    dropout?: Dropout,
  ): tf.Tensor2D {
    const [B, T] = tokens.shape;
    const { dim: d, heads } = this.shape;
    const ops = this.ops;
    const shape = { batch: B, seqLen: T, heads };
    const everyRow = maps !== undefined || stream !== undefined;
    // Dropout where GPT-2 has it (HF GPT2Model): the embeddings' sum, the attention probabilities,
    // the attention output projection and the MLP output. Without it, x stays x, bit for bit.
    const drop = <X extends tf.Tensor>(t: X): X => (dropout ? dropout.apply(t) : t);
    let x = drop(ops.embed(tokens, this.tokEmb, this.posEmb)); // [B·T, d]
    stream?.push(x);
    this.blocks.forEach((blk, l) => {
      // Only the last position is read out, so the last block computes attention output, residual
      // and MLP for that position alone (the same numbers, a quarter of the work there).
      const lastOnly = l === this.blocks.length - 1 && !everyRow && !readAt;
      const normed = ops.layerNorm(x, ...blk.ln1);
      if (this.shape.block === 'grokfast') x = normed;
      const qkv = ops.linear(normed, blk.wqkv, blk.bqkv);
      if (maps) maps.push(ops.attentionMaps(qkv, shape, this.mask));
      const attended = dropout // [B·rows, d]
        ? dropout.attention(qkv, shape, this.mask, lastOnly)
        : ops.attention(qkv, shape, this.mask, lastOnly);
      const residual = lastOnly
        ? x
            .reshape([B, T, d])
            .slice([0, T - 1, 0], [B, 1, d])
            .reshape<tf.Tensor2D>([B, d])
        : x;
      x = residual.add(drop(ops.linear(attended, blk.wo, blk.bo)));
      // Read elsewhere: the last block's MLP runs on the rows read alone.
      if (readAt && !everyRow && l === this.blocks.length - 1) x = readRows(x, readAt, B, T, d);
      x = x.add(drop(ops.linear(ops.gelu(ops.linear(ops.layerNorm(x, ...blk.ln2), blk.w1, blk.b1)), blk.w2, blk.b2)));
      stream?.push(x);
    });
    return this.readOut(x); // x is [B, d] here ([B·T, d] with maps or stream)
  }

  /** The token embedding matrix [vocab, d]: numbers 0…p−1, then OP and EQ. */
  get embedding(): tf.Tensor2D {
    return this.tokEmb;
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
    this.mask.dispose();
  }
}
