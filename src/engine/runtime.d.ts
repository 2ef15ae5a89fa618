// Globals that every runtime of the engine has (browser, Web Worker, Node ≥ 18), declared here so
// the engine can be type-checked without the DOM or Node typings.
declare const performance: { now(): number };
