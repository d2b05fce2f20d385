/** What the views read of a run training in this window; the run pool's LiveRun (src/runs/runManager.ts) is one. */
import type { RunConfig } from '../core/config/types';
import type { RunStatus, RunSummary, StartEvent } from '../core/trainer/events';

export type LiveStatus = RunStatus | 'queued';

export interface RunError {
  message: string;
  file?: string;
  line?: number;
  field?: string;
  userError: boolean;
}

export interface LiveRunState {
  /** Unique while this window lives; the run's id on disk is known once it is recorded (`runDir`). */
  readonly key: string;
  readonly config: RunConfig;
  readonly experiment: string | null;
  readonly status: LiveStatus;
  readonly runDir: string | null;
  readonly start: StartEvent | null;
  readonly summary: RunSummary | null;
  readonly error: RunError | null;
  readonly paused: boolean;
  readonly epoch: number;
  readonly step: number;
  readonly lastLoss: number | null;
  /** When it started training (ms since the epoch; 0 while queued). */
  readonly startedAt: number;
  /** Seconds since it started training (0 while queued). */
  readonly elapsed: number;
  /** Queued or running. */
  readonly active: boolean;
  /** A run trained through Redis: the worker machine that runs it (null while queued there) and the attempts so far. */
  readonly remote?: { worker: string | null; attempts: number } | null;
}

/** How far a training run has got: `paused · epoch 3/50 · loss 0.123` (the loss once a step has reported one). */
export function progressText(run: Pick<LiveRunState, 'config' | 'start' | 'paused' | 'epoch' | 'lastLoss'>): string {
  const epochs = run.start?.epochs ?? run.config.training.epochs;
  const loss = run.lastLoss === null ? '' : ` · loss ${run.lastLoss.toPrecision(3)}`;
  return `${run.paused ? 'paused · ' : ''}epoch ${run.epoch}/${epochs}${loss}`;
}
