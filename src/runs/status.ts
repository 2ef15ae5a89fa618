// Where a run stands, as the worker reports it and the page and the runs list show it.
export type RunStatus = 'starting' | 'paused' | 'running' | 'finished' | 'diverged' | 'error';

/** A run that stops training mid-way (replaced by a new run, or its race ended) is kept as paused. */
export const stoppedStatus = (status: RunStatus): RunStatus =>
  status === 'running' || status === 'starting' ? 'paused' : status;
