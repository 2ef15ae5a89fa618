// The sweep's grid as rows to fill in: a key picked from the schema and its values (a list, a range
// or a log range) per row, seeds as a key like the others. Edits the grid text that the command line
// and the share link use, so the three always agree; the text is checked when the sweep starts.
import { CONFIG_KEYS, SCHEMA } from '../../config/schema';

interface Item {
  key: string;
  values: string;
}

const parse = (grid: string): Item[] =>
  grid
    .split(/\s+/)
    .filter((s) => s !== '')
    .map((s) => {
      const eq = s.indexOf('=');
      return eq < 0 ? { key: s, values: '' } : { key: s.slice(0, eq), values: s.slice(eq + 1) };
    });

const text = (items: readonly Item[]): string => items.map((i) => `${i.key}=${i.values}`).join(' ');

/** Keys a sweep of the page draws against each other, plus seed: more rows only hold keys fixed. */
const MAX_ROWS = 4;

/** What "Add a key" offers first: the keys most sweeps are about. */
const ADD_FIRST = ['seed', 'wd', 'lr', 'frac', 'lambda', 'alpha'];

export function GridEditor({
  grid,
  disabled,
  onChange,
}: {
  grid: string;
  disabled: boolean;
  onChange: (grid: string) => void;
}) {
  const items = parse(grid);
  const set = (i: number, change: Partial<Item>) =>
    onChange(text(items.map((item, j) => (j === i ? { ...item, ...change } : item))));
  const unused = (k: string) => !items.some((i) => i.key === k);
  const free = ADD_FIRST.find(unused) ?? CONFIG_KEYS.find((k) => unused(k) && k !== 'task') ?? 'seed';
  return (
    <fieldset className="grid-editor" disabled={disabled}>
      <legend>Grid</legend>
      {items.map((item, i) => (
        <div className="grid-row" key={i}>
          <select aria-label={`key ${i + 1}`} value={item.key} onChange={(e) => set(i, { key: e.target.value })}>
            {!(CONFIG_KEYS as readonly string[]).includes(item.key) && <option value={item.key}>{item.key}</option>}
            {CONFIG_KEYS.map((k) => (
              <option key={k} value={k}>
                {SCHEMA[k].label === k ? k : `${k}: ${SCHEMA[k].label}`}
              </option>
            ))}
          </select>
          <input
            type="text"
            // Named by row, not by key: the page's own controls are the ones labelled by key.
            aria-label={`values ${i + 1}`}
            value={item.values}
            spellCheck={false}
            onChange={(e) => set(i, { values: e.target.value.replace(/\s+/g, '') })}
          />
          <button
            type="button"
            aria-label={`remove row ${i + 1}`}
            onClick={() => onChange(text(items.filter((_, j) => j !== i)))}
          >
            ✕
          </button>
        </div>
      ))}
      {items.length < MAX_ROWS && (
        <button type="button" onClick={() => onChange(text([...items, { key: free, values: '' }]))}>
          Add a key
        </button>
      )}
    </fieldset>
  );
}
