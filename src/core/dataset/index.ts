// `read.ts` (node:fs) is left out so that this entry point also bundles for workers without a file system.
export type { DataOptions, Dataset, MissingPolicy, MissingReport } from './types';
export { buildDataset } from './build';
