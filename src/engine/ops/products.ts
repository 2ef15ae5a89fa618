// Matrix products for the custom gradients, in the form each backend runs fastest.
//
// tfjs-wasm hands a product to XNNPACK (its fast path, ~15 GFLOP/s here) only when it is a plain 2-D
// product: no transpose flag and no batch dimension. With either, it falls back to a naive loop
// (~0.6 GFLOP/s). So on wasm a transposed operand is transposed first (a cheap 2-D copy); the other
// backends read transposed operands natively, and do.
//
// A trap on wasm: XNNPACK's packed copy of b is cached under b's buffer alone, not its shape. A
// reshape shares the buffer, so using one buffer as b in two products of different shapes gives the
// second product the first one's b. Never do that (test/ops.test.ts would catch it).
import * as tf from '@tensorflow/tfjs-core';
import { fusedKernels, runFused } from '../kernels/fused';

/** Whether the active backend wants transposes done explicitly before a product. */
function explicitTransposes(): boolean {
  const name = tf.getBackend();
  return name === 'wasm';
}

/** a·bᵀ for a [M, K], b [N, K]. */
export function mmNT(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return explicitTransposes() ? tf.matMul(a, b.transpose()) : tf.matMul(a, b, false, true);
}

/** aᵀ·b for a [K, M], b [K, N]. */
export function mmTN(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return explicitTransposes() ? tf.matMul(a.transpose(), b) : tf.matMul(a, b, true, false);
}

/**
 * The sum of the rows of y [M, N], as [N]. On wasm a sum over the first axis transposes its input
 * first; a product with a row of ones takes the fast path instead. On WebGPU, one fused pass.
 */
export function sumRows(y: tf.Tensor2D): tf.Tensor1D {
  if (fusedKernels()) return runFused('GrokColumnSum', { dy: y });
  if (!explicitTransposes()) return tf.sum(y, 0);
  return tf.matMul(tf.ones([1, y.shape[0]]), y).reshape([y.shape[1]]);
}
