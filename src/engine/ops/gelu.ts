// Exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (PyTorch's nn.GELU default), and its gradient
// Φ(x) + x·φ(x), with 1 + erf(x/√2) kept from the forward pass.
import * as tf from '@tensorflow/tfjs-core';
import { fusedKernels, runFused } from '../kernels/fused';
import { withGradient } from './custom-grad';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

const geluOp = withGradient<tf.Tensor2D>(([x], save) => {
  const xs = x as tf.Tensor2D;
  const onePlusErf = tf.erf(xs.mul(Math.SQRT1_2)).add(1);
  save([xs, onePlusErf]);
  return {
    value: xs.mul(onePlusErf).mul(0.5), // in the plain composition's order: the same bits
    gradFunc: (dy, [x2, e]) => {
      const pdf = (x2 as tf.Tensor).square().mul(-0.5).exp().mul(INV_SQRT_2PI);
      return [dy.mul((e as tf.Tensor).mul(0.5).add((x2 as tf.Tensor).mul(pdf)))];
    },
  };
});

/** The same on WebGPU, one fused kernel each way. */
const fusedGeluOp = withGradient<tf.Tensor2D>(([x], save) => {
  save([x as tf.Tensor]);
  return {
    value: runFused<tf.Tensor2D>('GrokGelu', { x: x as tf.Tensor }),
    gradFunc: (dy, [xs]) => [runFused('GrokGeluGrad', { x: xs as tf.Tensor, dy })],
  };
});

export function gelu(x: tf.Tensor2D): tf.Tensor2D {
  return fusedKernels() ? fusedGeluOp(x) : geluOp(x);
}
