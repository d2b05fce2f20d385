/** The messages between a training worker (src/runs/runWorker.ts) and the run pool that started it. */
import type { RunConfig } from '../core/config/types';
import type { GeneratedRows } from '../core/trainer/events';
import type { DecisionSurface } from '../core/probe/surface';
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
  /** False: the run's events are relayed but not written to its folder, for a host that records them itself. */
  recordEvents?: boolean;
  /** Continue the recorded run in `dir` from its last checkpoint at rate `lr` (runs/resumeRun.ts), as a new run. */
  resume?: { dir: string; lr: number };
}

/**
 * What the pool drives a run through: a worker thread, or a run trained through Redis (src/runs/redis/), which
 * takes the same messages and sends the same ones back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the listeners of Node's Worker and EventEmitter take any[]
type Listener = (...args: any[]) => void;

export interface RunThread {
  postMessage(m: HostToWorker): void;
  on(event: string, listener: Listener): this;
  off(event: string, listener: Listener): this;
  once(event: string, listener: Listener): this;
  terminate(): Promise<number>;
}

export type HostToWorker =
  WorkerStart | { type: 'cancel' } | { type: 'pause' } | { type: 'resume' } | { type: 'setLr'; lr: number };

export type WorkerToHost =
  | { type: 'recorded'; runDir: string }
  /** Events in order; step events arrive batched. */
  | { type: 'events'; events: RunEvent[] }
  | { type: 'done'; summary: RunSummary }
  /** The model's decision surface after `epoch` epochs (see runs/liveSurface.ts); its typed arrays are cloned, not copied as JSON. */
  | { type: 'surface'; epoch: number; surface: DecisionSurface }
  /** A generate run's rows every few epochs (see core/generate/preview.ts); the real ones only in the first. */
  | { type: 'rows'; rows: GeneratedRows }
  /** A run trained through Redis started on a worker machine; `attempt` > 1: again, after a worker was lost. */
  | { type: 'started'; worker: string; attempt: number }
  /** A run trained through Redis was cancelled while still queued: nothing was trained. */
  | { type: 'cancelled' }
  /** A user error (bad CSV, bad config): message plus where, for a jump to the offending line. */
  | { type: 'error'; message: string; file?: string; line?: number; field?: string; userError: boolean };
