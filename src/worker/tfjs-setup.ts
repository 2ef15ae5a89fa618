// What the worker adds to tfjs-core before the engine runs: every op's gradient and the chained forms
// (t.add(u)). The @tensorflow/tfjs bundle would add them too, with its layers, converter and data
// packages, which the lab does not use (they were 40% of the worker's code).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
