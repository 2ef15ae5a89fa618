// A decoder-only Transformer for a ∘ b = c, in one sitting.
//
//   tokens [a, OP, b, EQ] → token + learned position embeddings
//   → `layers` × pre-LayerNorm block: x += attn(LN(x)); x += mlp(LN(x))   (causal, `heads` heads,
//     MLP 4·dim with exact GELU)
//   → final LayerNorm → untied output layer, read at the last position → logits over p + 2 tokens.
//
// Token embeddings are a one-hot matrix product rather than a gather: gather's gradient
// (UnsortedSegmentSum) is missing on the wasm backend, and for a vocabulary of ≤ 115 the product
// is cheap.
import * as tf from '@tensorflow/tfjs';
import { Random, STREAM } from './random';

export interface ModelShape {
  vocab: number;
  seqLen: number;
  dim: number;
  heads: number;
  layers: number;
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
const constant = (c: number) => () => c;

/**
 * Parameters in a fixed order, initialised as PyTorch does for this model (the Grokfast paper's
 * code: nn.Embedding, nn.MultiheadAttention, nn.Linear, nn.LayerNorm). Grokking timing depends on
 * the initial weight scale, so this matters:
 *   embeddings N(0, 1); q/k/v projection xavier-uniform with zero bias, attention output projection
 *   U(±1/√dim) with zero bias (nn.MultiheadAttention); MLP and output layer weights and biases
 *   U(±1/√fan_in) (nn.Linear); LayerNorm gain 1, bias 0. The output layer has no bias, as in the
 *   paper's code.
 */
export function parameterDefs(s: ModelShape): ParamDef[] {
  const d = s.dim;
  const defs: ParamDef[] = [
    { name: 'tokEmb', shape: [s.vocab, d], init: normal },
    { name: 'posEmb', shape: [s.seqLen, d], init: normal },
  ];
  for (let l = 0; l < s.layers; l++) {
    defs.push(
      { name: `h${l}.ln1.g`, shape: [d], init: constant(1) },
      { name: `h${l}.ln1.b`, shape: [d], init: constant(0) },
      { name: `h${l}.attn.wqkv`, shape: [d, 3 * d], init: xavier(d, 3 * d) },
      { name: `h${l}.attn.bqkv`, shape: [3 * d], init: constant(0) },
      { name: `h${l}.attn.wo`, shape: [d, d], init: uniformFanIn(d) },
      { name: `h${l}.attn.bo`, shape: [d], init: constant(0) },
      { name: `h${l}.ln2.g`, shape: [d], init: constant(1) },
      { name: `h${l}.ln2.b`, shape: [d], init: constant(0) },
      { name: `h${l}.mlp.w1`, shape: [d, 4 * d], init: uniformFanIn(d) },
      { name: `h${l}.mlp.b1`, shape: [4 * d], init: uniformFanIn(d) },
      { name: `h${l}.mlp.w2`, shape: [4 * d, d], init: uniformFanIn(4 * d) },
      { name: `h${l}.mlp.b2`, shape: [d], init: uniformFanIn(4 * d) },
    );
  }
  defs.push(
    { name: 'lnF.g', shape: [d], init: constant(1) },
    { name: 'lnF.b', shape: [d], init: constant(0) },
    { name: 'head', shape: [d, s.vocab], init: uniformFanIn(d) },
  );
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
  ln1: [tf.Variable, tf.Variable];
  wqkv: tf.Variable;
  bqkv: tf.Variable;
  wo: tf.Variable;
  bo: tf.Variable;
  ln2: [tf.Variable, tf.Variable];
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}

const LN_EPS = 1e-5;

/**
 * One-hot rows as float32. Built as int32 and cast: the wasm backend's OneHot kernel ignores the
 * dtype argument and writes int32 bits into a float32 tensor (tfjs 4.22).
 */
export function oneHotFloat(indices: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.oneHot(indices, depth).cast('float32') as tf.Tensor2D;
}

function layerNorm(x: tf.Tensor2D, [g, b]: [tf.Variable, tf.Variable]): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).mul(variance.add(LN_EPS).rsqrt()).mul(g).add(b) as tf.Tensor2D;
}

function linear(x: tf.Tensor2D, w: tf.Variable, b?: tf.Variable): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: w as tf.Tensor2D, bias: b }) as tf.Tensor2D;
}

/** Exact GELU, 0.5·x·(1 + erf(x/√2)): PyTorch's nn.GELU default. */
function gelu(x: tf.Tensor2D): tf.Tensor2D {
  return x.mul(tf.erf(x.mul(Math.SQRT1_2)).add(1)).mul(0.5) as tf.Tensor2D;
}

export class Transformer {
  readonly shape: ModelShape;
  readonly names: string[];
  readonly params: tf.Variable[];
  private readonly tokEmb: tf.Variable;
  private readonly posEmb: tf.Variable;
  private readonly blocks: Block[];
  private readonly lnF: [tf.Variable, tf.Variable];
  private readonly head: tf.Variable;
  /** Additive causal mask [T, T]: 0 on and below the diagonal, −1e9 above. */
  private readonly mask: tf.Tensor2D;

  constructor(shape: ModelShape, values: Float32Array[]) {
    const defs = parameterDefs(shape);
    if (values.length !== defs.length) throw new Error(`expected ${defs.length} parameter arrays, got ${values.length}`);
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
    const get = (n: string): tf.Variable => byName.get(n) as tf.Variable;
    this.tokEmb = get('tokEmb');
    this.posEmb = get('posEmb');
    this.blocks = [];
    for (let l = 0; l < shape.layers; l++) {
      const p = (n: string) => get(`h${l}.${n}`);
      this.blocks.push({
        ln1: [p('ln1.g'), p('ln1.b')], wqkv: p('attn.wqkv'), bqkv: p('attn.bqkv'), wo: p('attn.wo'),
        bo: p('attn.bo'), ln2: [p('ln2.g'), p('ln2.b')], w1: p('mlp.w1'), b1: p('mlp.b1'),
        w2: p('mlp.w2'), b2: p('mlp.b2'),
      });
    }
    this.lnF = [get('lnF.g'), get('lnF.b')];
    this.head = get('head');
    const T = shape.seqLen;
    const m = new Float32Array(T * T);
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) m[i * T + j] = -1e9;
    this.mask = tf.tensor2d(m, [T, T]);
  }

  static init(shape: ModelShape, seed: number): Transformer {
    return new Transformer(shape, initialValues(shape, seed));
  }

  /** Logits [B, vocab] at the last position for int32 tokens [B, T]. Call inside tidy/grads. */
  logits(tokens: tf.Tensor2D): tf.Tensor2D {
    return this.forward(tokens);
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

  /** The forward pass; with `maps`, every position of every block is computed and its attention kept. */
  private forward(tokens: tf.Tensor2D, maps?: tf.Tensor4D[]): tf.Tensor2D {
    const [B, T] = tokens.shape;
    const { vocab, dim: d, heads: H } = this.shape;
    const dh = d / H;
    const oneHot = oneHotFloat(tokens.reshape([B * T]), vocab);
    let x = tf.matMul(oneHot, this.tokEmb).reshape([B, T, d]).add(this.posEmb).reshape([B * T, d]) as tf.Tensor2D;
    this.blocks.forEach((blk, l) => {
      // Only the last position is read out, so the last block computes attention output, residual
      // and MLP for that position alone (the same numbers, a quarter of the work there).
      const lastOnly = l === this.blocks.length - 1 && !maps;
      const rows = lastOnly ? 1 : T;
      const qkv = linear(layerNorm(x, blk.ln1), blk.wqkv, blk.bqkv)
        .reshape([B, T, 3, H, dh])
        .transpose([2, 0, 3, 1, 4]); // [3, B, H, T, dh]
      const [qAll, k, v] = tf.unstack(qkv) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
      const q = lastOnly ? qAll.slice([0, 0, T - 1, 0], [B, H, 1, dh]) : qAll;
      let scores = tf.matMul(q.mul(1 / Math.sqrt(dh)), k, false, true); // [B, H, rows, T]
      if (!lastOnly) scores = scores.add(this.mask); // the last position may see every position
      const probs = tf.softmax(scores) as tf.Tensor4D;
      maps?.push(probs);
      const attended = tf.matMul(probs, v) // [B, H, rows, dh]
        .transpose([0, 2, 1, 3])
        .reshape([B * rows, d]) as tf.Tensor2D;
      const residual = lastOnly ? x.reshape([B, T, d]).slice([0, T - 1, 0], [B, 1, d]).reshape([B, d]) as tf.Tensor2D : x;
      x = residual.add(linear(attended, blk.wo, blk.bo));
      x = x.add(linear(gelu(linear(layerNorm(x, blk.ln2), blk.w1, blk.b1)), blk.w2, blk.b2));
    });
    return linear(layerNorm(x, this.lnF), this.head); // x is [B, d] here ([B·T, d] with maps)
  }

  /** The token embedding matrix [vocab, d]: numbers 0…p−1, then OP and EQ. */
  get embedding(): tf.Variable {
    return this.tokEmb;
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
    this.mask.dispose();
  }
}
