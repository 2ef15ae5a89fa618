// A one-key sweep as a line: median steps to grok against the key's values, with the fastest and
// slowest seed; a value where no seed grokked by the budget leaves a gap (the heatmap strip names it).
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { PhaseDiagram } from '../../sweep/phase';
import { count } from '../format';

export function PhaseLine({ diagram }: { diagram: PhaseDiagram }) {
  const data = diagram.xValues.map((v, i) => {
    const cell = diagram.cells.find((c) => c.x === i);
    const g = cell?.grokked ?? [];
    return {
      label: String(v),
      median: cell?.median ?? null,
      fastest: g.length > 0 ? g[0] : null,
      slowest: g.length > 0 ? g[g.length - 1] : null,
    };
  });
  return (
    <figure className="phase-line">
      <LineChart
        width={Math.max(360, 70 * data.length)}
        height={240}
        data={data}
        margin={{ top: 8, right: 16, bottom: 24, left: 24 }}
      >
        <CartesianGrid stroke="#eee" />
        <XAxis dataKey="label" label={{ value: diagram.xKey, position: 'insideBottom', offset: -14 }} />
        <YAxis
          width={64}
          tickFormatter={(n: number) => count(n)}
          // Centred on its anchor: a rotated label anchored at its start ran off the top and was cut.
          label={{ value: 'steps to grok', angle: -90, position: 'left', offset: 4, style: { textAnchor: 'middle' } }}
        />
        <Tooltip formatter={(n) => (typeof n === 'number' ? count(n) : String(n))} />
        <Line
          dataKey="median"
          name="median"
          stroke="#0b63c5"
          strokeWidth={2}
          isAnimationActive={false}
          connectNulls={false}
        />
        <Line
          dataKey="fastest"
          name="fastest seed"
          stroke="#0b63c5"
          strokeDasharray="4 3"
          dot={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="slowest"
          name="slowest seed"
          stroke="#0b63c5"
          strokeDasharray="4 3"
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
      <figcaption>Median steps to grok over the seeds (dashed: fastest and slowest seed).</figcaption>
    </figure>
  );
}
