// tf.customGrad with typed inputs. tfjs passes the inputs and then a save function in one rest
// parameter, which its types cannot tell apart; this wrapper splits them.
import * as tf from '@tensorflow/tfjs-core';

export interface Differentiated<T extends tf.Tensor> {
  value: T;
  /** The gradient with respect to each input, in order, given dy and the tensors saved forward. */
  gradFunc: (dy: T, saved: tf.Tensor[]) => tf.Tensor[];
}

/**
 * An operation with its own gradient. Every tensor the gradient needs that is not an input of the
 * operation or alive outside it (intermediates, and tensors made in the same forward pass, such as
 * targets) must be passed to `save`: the rest of the forward pass is freed before the backward one.
 */
export function withGradient<T extends tf.Tensor>(
  forward: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => Differentiated<T>,
): (...inputs: tf.Tensor[]) => T {
  const op = tf.customGrad<T>((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    return forward(args.slice(0, -1) as tf.Tensor[], save);
  });
  return (...inputs: tf.Tensor[]) => op(...inputs);
}
