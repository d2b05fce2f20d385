export type { Distribution, SweepAxis, SweepRun, SweepSpec } from './types';
export { MAX_SWEEP_RUNS, SWEEP_METRICS, gridSize, normalizePath, parseSweep, sweepRunCount } from './parse';
export { expandSweep, pointOverrides, sweepPoints } from './expand';
export { metricValue, rankRuns } from './rank';
