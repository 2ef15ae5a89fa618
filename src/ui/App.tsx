// The lab page: what is being learned, the run and its controls, the live charts, every setting.
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { chartsPng } from './chart/export-png';
import type { Overlay } from './chart/MetricsCharts';
import { BASELINE_COLOR, OVERLAY_COLORS } from './chart/theme';
import { useShallow } from 'zustand/react/shallow';
import { download, fileStem } from './runs/download';
import { familyOf } from '../config/tasks';
import { configToQuery, type ShareState } from '../config/url';
import type { StepScale } from './chart/downsample';
import { MetricsCharts } from './chart/MetricsCharts';
import { ErrorBoundary } from './ErrorBoundary';
import { HelpOverlay } from './classroom/HelpOverlay';
import { ConfigField } from './controls/ConfigField';
import { Controls } from './controls/Controls';
import { PendingChange } from './controls/PendingChange';
import { PresetBar } from './presets/PresetBar';
import { PresetDescription } from './presets/PresetDescription';
import { CopyLink } from './share/CopyLink';
import { useLab } from './lab-context';
import { BackendNotice } from './run/BackendNotice';
import { RaceBoard } from './run/RaceBoard';
import { RaceHeadline } from './run/RaceHeadline';
import { RunBar } from './run/RunBar';
import { RichText } from './RichText';
import { RunsList } from './runs/RunsList';
// Below the first screen: loaded on demand, in chunks of their own.
import { Explainer, InsidePanel, SweepPanel } from './views-on-demand';
import { useSpaceToPlay } from './use-space-to-play';

export function App({ link }: { link: ShareState }) {
  useSpaceToPlay();
  const config = useLab((s) => s.config);
  const family = familyOf(config.task);
  const learns = family.learns(config);
  const backendPin = useLab((s) => s.backendPin);
  // Classroom mode: large type, high contrast, only the essentials.
  const [present, setPresent] = useState(link.ui.present);
  // One step axis (linear or log) for every chart on the page.
  const [xScale, setXScale] = useState<StepScale>('linear');
  const racing = useLab((s) => s.race !== null);
  useEffect(() => {
    // The address bar always holds the settings in force (whether they race, and autoplay when the
    // page was opened with it), so it can be shared as it is.
    const query = configToQuery(config, { present, race: racing, autoplay: link.ui.autoplay }, backendPin);
    window.history.replaceState(null, '', `?${query}`);
  }, [config, present, racing, backendPin, link.ui.autoplay]);

  const modeButton = (
    <button type="button" onClick={() => setPresent(!present)} aria-pressed={present}>
      {present ? 'Leave classroom mode' : 'Classroom mode'}
    </button>
  );
  if (present) {
    return (
      <main className="present">
        <header className="title-row">
          <h1>
            Grok Lab: <code>{learns}</code>
          </h1>
          {modeButton}
          <HelpOverlay />
        </header>
        <PendingChange />
        <RunBar />
        {/* The charts first, so both fit a projector's screen (1280×720 to 1920×1080); the rest beside and below them. */}
        <div className="workspace">
          <div className="present-main">
            <Charts xScale={xScale} setXScale={setXScale} />
            <RaceBoard />
          </div>
          <section className="controls" aria-label="Grokfast">
            <RaceHeadline />
            <ConfigField name="alpha" />
            <ConfigField name="lambda" />
            <BackendNotice />
            <PresetBar />
            <PresetDescription />
            <Explainer />
          </section>
        </div>
      </main>
    );
  }
  return (
    <main>
      <header>
        <div className="title-row">
          <h1>Grok Lab</h1>
          <CopyLink />
          {modeButton}
          <HelpOverlay />
        </div>
        <p className="lede">
          <RichText parts={family.lede(config, learns)} />
        </p>
      </header>
      <LinkNotice link={link} />
      {/* One line each above the run, so that the accuracy chart is on the first screen (1366×768, a
          phone); what can wait (the preset's description, the race's table) is under the charts. */}
      <BackendNotice />
      <PresetBar />
      <RunBar />
      <div className="workspace">
        <div className="main-column">
          <RaceHeadline />
          <ErrorBoundary section="Charts">
            <Charts xScale={xScale} setXScale={setXScale} />
          </ErrorBoundary>
          <PresetDescription />
          <RaceBoard />
          <ErrorBoundary section="Inside the model">
            <InsidePanel xScale={xScale} />
          </ErrorBoundary>
          <ErrorBoundary section="Runs">
            <RunsList />
          </ErrorBoundary>
          <ErrorBoundary section="Sweep">
            <SweepPanel />
          </ErrorBoundary>
          <Explainer />
        </div>
        <ErrorBoundary section="Settings">
          <Controls />
        </ErrorBoundary>
      </div>
    </main>
  );
}

function LinkNotice({ link }: { link: ShareState }) {
  const [open, setOpen] = useState(true);
  if (!open || (link.errors.length === 0 && link.unknown.length === 0)) return null;
  return (
    <div className="notice" role="alert" data-testid="url-notice">
      <p>Some of the link could not be used; everything else was loaded.</p>
      <ul>
        {link.errors.map((e) => (
          <li key={e.key}>{e.message}; the default is used instead</li>
        ))}
        {link.unknown.map((k) => (
          <li key={k}>unknown key {k} was ignored</li>
        ))}
      </ul>
      <button type="button" onClick={() => setOpen(false)}>
        Dismiss
      </button>
    </div>
  );
}

function Charts({ xScale, setXScale }: { xScale: StepScale; setXScale: (s: StepScale) => void }) {
  // Deferred: React draws the charts at low priority and in slices, so the main thread never holds
  // a long task for them and the buttons stay responsive.
  const records = useDeferredValue(useLab((s) => s.records));
  const events = useDeferredValue(useLab((s) => s.events));
  const runName = useLab((s) => s.runName);
  const status = useLab((s) => s.status);
  const evalEvery = useLab((s) => s.runConfig.eval);
  const picked = useLab(
    useShallow((s) => s.overlayIds.map((id) => s.runs.find((r) => r.id === id)).filter((r) => r !== undefined)),
  );
  const race = useDeferredValue(useLab((s) => s.race));
  const overlays = useMemo(
    (): Overlay[] => [
      ...(race
        ? [
            {
              id: race.id,
              name: race.name,
              color: BASELINE_COLOR,
              records: race.records,
              marked: { label: 'baseline', events: race.events },
            },
          ]
        : []),
      ...picked.map((r, i) => ({
        id: r.id,
        name: r.name,
        color: OVERLAY_COLORS[i % OVERLAY_COLORS.length] as string,
        records: r.records,
      })),
    ],
    [picked, race],
  );
  const [problem, setProblem] = useState('');
  const box = useRef<HTMLElement>(null);
  const exportPng = async () => {
    try {
      if (box.current) download(`${fileStem(runName)}-charts.png`, await chartsPng(box.current), 'image/png');
      setProblem('');
    } catch (e) {
      setProblem(`Could not export the charts: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <section className="charts" aria-label="Charts" ref={box}>
      <div className="chart-toolbar">
        <span role="group" aria-label="Step axis">
          step axis:{' '}
          {(['linear', 'log'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={xScale === s} onClick={() => setXScale(s)}>
              {s}
            </button>
          ))}
        </span>
        <button type="button" onClick={() => void exportPng()} disabled={records.length === 0}>
          Save charts as PNG
        </button>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <MetricsCharts
        records={records}
        events={events}
        xScale={xScale}
        overlays={overlays}
        training={status === 'running'}
        evalEvery={evalEvery}
      />
    </section>
  );
}
