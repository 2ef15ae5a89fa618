// Keeps a fault in one section of the page to that section: it shows what went wrong there, with
// what to report, and the rest of the lab keeps working.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { APP_VERSION } from '../version';

interface Props {
  /** The section's name, as the user sees it ("Runs", "Sweep"). */
  section: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  /** Where in the components it happened, for the report. */
  where: string;
}

/** What a report needs: the section, the error, its stack, the version and the address. */
export function reportText(section: string, error: Error, where: string, address: string): string {
  return [
    `Grok Lab ${APP_VERSION}, section "${section}": ${error.name}: ${error.message}`,
    `address: ${address}`,
    error.stack ?? '',
    where.trim(),
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** Copies text where the browser allows it (the clipboard needs a secure context); else does nothing. */
function copy(text: string): void {
  try {
    navigator.clipboard.writeText(text).catch(() => undefined);
  } catch {
    // No clipboard here: the details stay on the page to select by hand.
  }
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, where: '' };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.setState({ where: info.componentStack ?? '' });
    console.error(`Grok Lab: the ${this.props.section} section failed`, error);
  }

  override render(): ReactNode {
    const { error, where } = this.state;
    if (!error) return this.props.children;
    const report = reportText(this.props.section, error, where, typeof location === 'undefined' ? '' : location.href);
    return (
      <section className="section-error" role="alert" aria-label={this.props.section} data-testid="section-error">
        <h2>{this.props.section}: something went wrong here</h2>
        <p>
          This part of the lab stopped with an error: <code>{error.message}</code>. The rest of the lab keeps working,
          and your runs are still stored.
        </p>
        <p>
          To report it, copy the details below and say what you did just before (which file you imported, which button
          you pressed), then open an issue on the project.
        </p>
        <details>
          <summary>Details</summary>
          <pre>{report}</pre>
        </details>
        <button type="button" onClick={() => copy(report)}>
          Copy the details
        </button>{' '}
        <button type="button" onClick={() => this.setState({ error: null, where: '' })}>
          Try again
        </button>
      </section>
    );
  }
}
