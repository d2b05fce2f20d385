// Building only: files are read by `loadCsv` (../csv/load.ts), so this entry point needs no file system and
// also bundles for workers without one.
export type { DataOptions, Dataset, MissingPolicy, MissingReport } from './types';
export { type TargetSummary, buildDataset, summarizeTarget } from './build';
