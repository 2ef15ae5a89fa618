// Where a run stands, as the worker reports it and the page and the runs list show it.
export type RunStatus = 'starting' | 'paused' | 'running' | 'finished' | 'diverged' | 'error';
