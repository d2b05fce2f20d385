// Building only: files are read by `loadCsv` (../csv/load.ts), so this entry point needs no file system and
// also bundles for workers without one.
export type { DataOptions, Dataset, MissingPolicy, MissingReport } from './types';
export { type DatasetSummary, type TargetSummary, buildDataset, describeDataset, summarizeTarget } from './build';
