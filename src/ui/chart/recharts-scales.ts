// The d3 scales recharts may build for the lab's charts. recharts looks scales up by name in all of
// d3-scale (`import * as`), which would keep every scale in the page, and with the time scales
// d3-time and d3-time-format; vite.config.ts points that one import here instead (RECHARTS_SCALES).
// The charts' axes are numeric, linear or log (./scales.ts); point and band are recharts' own
// defaults for category axes and its Brush. A scale missing here leaves its axis undrawn, which the
// e2e chart tests would see.
export { scaleBand, scaleLinear, scaleLog, scalePoint } from 'd3-scale';
