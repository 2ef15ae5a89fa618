// The progress line on stderr: redrawn in place on a terminal, one line every few seconds in a log.
import type { MetricRecord } from '../engine/trainer';

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

const pct = (x: number | undefined) => (x === undefined ? '  –  ' : `${(100 * x).toFixed(1)}%`.padStart(6));

export function progressLine(
  step: number,
  total: number,
  stepsPerSec: number,
  last: MetricRecord | undefined,
  width = 20,
): string {
  const done = Math.min(1, step / total);
  const filled = Math.round(done * width);
  const bar = `[${'='.repeat(filled)}${' '.repeat(width - filled)}]`;
  const eta = stepsPerSec > 0 ? formatDuration(((total - step) / stepsPerSec) * 1000) : '?';
  return `${bar} step ${step}/${total}  ${stepsPerSec.toFixed(1)} steps/s  train ${pct(last?.trainAcc)}  val ${pct(last?.valAcc)}  ETA ${eta}`;
}

export class Progress {
  private lastDraw = 0;
  private readonly tty: boolean;

  // isTTY is undefined when the stream is piped, whatever Node's types say.
  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly enabled: boolean,
  ) {
    this.tty = stream.isTTY ?? false;
  }

  update(line: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    const every = this.tty ? 100 : 5000;
    if (!force && now - this.lastDraw < every) return;
    this.lastDraw = now;
    if (this.tty) this.stream.write(`\r\x1b[2K${line}`);
    else this.stream.write(`${line}\n`);
  }

  /** Ends the in-place line so later output starts on a new one. */
  end(): void {
    if (this.enabled && this.tty) this.stream.write('\n');
  }
}
