// What the worker adds to tfjs-core before the engine runs: every op's gradient and the chained forms
// (t.add(u)). The @tensorflow/tfjs bundle would add them too, with its layers, converter and data
// packages, which the lab does not use (they were 40% of the worker's code).
// tfjs-core itself comes first: it registers the flags (DEBUG, ...) that the gradient modules read
// as they load. The build keeps that order anyway; the dev server's pre-bundled chunks do not, and
// without this line `npm run dev` failed with "Cannot evaluate flag 'DEBUG'".
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
