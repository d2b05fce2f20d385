/** The messages between a training worker (src/runs/runWorker.ts) and the run pool that started it. */
import type { RunConfig } from '../core/config/types';
import type { PreparedData } from '../core/run';
import type { RunSweep } from '../core/store/records';
import type { RunEvent, RunSummary } from '../core/trainer/events';

export interface WorkerStart {
  type: 'start';
  runId: string;
  config: RunConfig;
  outDir: string;
  experiment: string | null;
  /** The dataset, built by the host (its arrays in SharedArrayBuffers, so not copied); else the worker reads the CSV. */
  data?: PreparedData;
  /** The sweep the run is one of, recorded with it. */
  sweep?: RunSweep;
  /** False: relay no step events (the run records them all the same), for a host that shows no live curves. */
  relaySteps?: boolean;
}

export type HostToWorker =
  WorkerStart | { type: 'cancel' } | { type: 'pause' } | { type: 'resume' } | { type: 'setLr'; lr: number };

export type WorkerToHost =
  | { type: 'recorded'; runDir: string }
  /** Events in order; step events arrive batched. */
  | { type: 'events'; events: RunEvent[] }
  | { type: 'done'; summary: RunSummary }
  /** A user error (bad CSV, bad config): message plus where, for a jump to the offending line. */
  | { type: 'error'; message: string; file?: string; line?: number; field?: string; userError: boolean };
