// LayerNorm over the last axis, y = x̂·g + b with x̂ = (x − mean)/√(var + ε), and its gradient:
//   dg = Σ_rows dy·x̂,  db = Σ_rows dy,  dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) / √(var + ε),  dx̂ = dy·g.
import * as tf from '@tensorflow/tfjs-core';
import { fusedKernels, runFused } from '../kernels/fused';
import { withGradient } from './custom-grad';
import { sumRows } from './products';

export const LN_EPS = 1e-5;

const layerNormOp = withGradient<tf.Tensor2D>(([x, g, b], save) => {
  const { mean, variance } = tf.moments(x as tf.Tensor2D, -1, true);
  const rstd = variance.add(LN_EPS).rsqrt();
  const xhat = (x as tf.Tensor2D).sub(mean).mul<tf.Tensor2D>(rstd);
  save([xhat, rstd, g as tf.Tensor]);
  return {
    value: xhat.mul(g as tf.Tensor).add(b as tf.Tensor),
    gradFunc: (dy, [xh, rs, gs]) => {
      const xhat2 = xh as tf.Tensor2D;
      const dxhat = dy.mul(gs as tf.Tensor);
      const dx = dxhat
        .sub(dxhat.mean(-1, true))
        .sub(xhat2.mul(dxhat.mul(xhat2).mean(-1, true)))
        .mul(rs as tf.Tensor);
      return [dx, sumRows(dy.mul(xhat2)), sumRows(dy)];
    },
  };
});

/** The same on WebGPU, in fused kernels: one pass forward; backward, the row statistics, dx, dg, db. */
const fusedLayerNormOp = withGradient<tf.Tensor2D>(([x, g, b], save) => {
  save([x as tf.Tensor, g as tf.Tensor]);
  return {
    value: runFused<tf.Tensor2D>(
      'GrokLayerNorm',
      { x: x as tf.Tensor, g: g as tf.Tensor, b: b as tf.Tensor },
      { eps: LN_EPS },
    ),
    gradFunc: (dy, [xs, gs]) => {
      const stats = runFused('GrokLayerNormStats', { x: xs as tf.Tensor }, { eps: LN_EPS });
      return [
        runFused('GrokLayerNormGradX', { x: xs as tf.Tensor, stats, g: gs as tf.Tensor, dy }),
        runFused('GrokColumnSumXhat', { dy, x: xs as tf.Tensor, stats }),
        runFused('GrokColumnSum', { dy }),
      ];
    },
  };
});

/** LayerNorm of x [M, D] with gain g [D] and bias b [D]. */
export function layerNorm(x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor2D {
  return fusedKernels(x.shape[0]) ? fusedLayerNormOp(x, g, b) : layerNormOp(x, g, b);
}
