// A fault in one section of the page stays in it (issue 29): the boundary shows the error there,
// with what to report, and renders its section again on "Try again".
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorBoundary, reportText } from '../src/ui/ErrorBoundary';

describe('ErrorBoundary', () => {
  it('renders its section while all is well, and the error with what to report once it failed', () => {
    const boundary = new ErrorBoundary({ section: 'Sweep', children: createElement('p', null, 'the sweep') });
    expect(renderToStaticMarkup(boundary.render() as never)).toBe('<p>the sweep</p>');
    boundary.state = {
      where: '',
      ...ErrorBoundary.getDerivedStateFromError(new TypeError("Cannot read properties of null (reading 'key')")),
    } as typeof boundary.state;
    const html = renderToStaticMarkup(boundary.render() as never);
    expect(html).toContain('Sweep: something went wrong here');
    expect(html).toContain('Cannot read properties of null (reading &#x27;key&#x27;)');
    expect(html).toContain('The rest of the lab keeps working');
    expect(html).toContain('To report it, copy the details below');
    expect(html).toContain('Try again');
  });

  it('says in the report which lab, which section, what error and where', () => {
    const error = new RangeError('Maximum call stack size exceeded');
    const text = reportText('Runs', error, '\n    at RunsList', 'http://localhost/?p=7');
    expect(text.split('\n')[0]).toBe('Grok Lab 0.1.0, section "Runs": RangeError: Maximum call stack size exceeded');
    expect(text).toContain('address: http://localhost/?p=7');
    expect(text).toContain('at RunsList');
  });

  it('turns anything thrown into an error with a message', () => {
    expect(ErrorBoundary.getDerivedStateFromError('a string').error?.message).toBe('a string');
  });
});
