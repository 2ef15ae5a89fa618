// Mean cross-entropy of logits [B, V] against one-hot targets [B, V], with its gradient
// (softmax(logits) − target)/B written out.
import * as tf from '@tensorflow/tfjs';
import { withGradient } from './custom-grad';

export function crossEntropy(logits: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  const B = logits.shape[0];
  const op = withGradient<tf.Scalar>(([z], save) => {
    const logProbs = tf.logSoftmax(z as tf.Tensor2D);
    save([logProbs, target]);
    return {
      value: logProbs.mul(target).sum().div(-B),
      gradFunc: (dy, [lp, t]) => [(lp as tf.Tensor).exp().sub(t as tf.Tensor).mul(dy.div(B))],
    };
  });
  return op(logits);
}
