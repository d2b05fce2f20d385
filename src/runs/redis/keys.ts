/**
 * Where a remote sweep keeps things in Redis, and the queue's settings: one home for the names the
 * producer (`losslab sweep --redis`, VS Code) and the workers (`losslab worker`) must agree on.
 */

/** BullMQ's queue of runs, under its own key prefix so that other BullMQ users of the same Redis are apart. */
export const QUEUE_NAME = 'runs';
export const QUEUE_PREFIX = 'losslab';

/** How long finished jobs, their event streams and uploaded data are kept: a producer may come back that late. */
export const KEEP_SECONDS = 7 * 24 * 3600;

/**
 * The lock a worker holds on a run it trains, renewed every `lockDuration / 2` by the worker's main thread
 * (training runs on a worker thread, so the lock is renewed however long a step takes). A worker that is
 * killed stops renewing: after `lockDuration` the lock lapses and the next stalled-job check (every
 * `stalledInterval`, by any worker) hands the run to another, so a lost run restarts within about 15 s.
 * Shorter would restart sooner but risk a false stall when a busy machine delays the renewal; BullMQ's
 * defaults (30 s and 30 s) made a restart take 86 s. `maxStalledCount` 2: a run survives two lost workers
 * before it is failed (the default, 1, fails it on its second).
 */
export const LOCK_SETTINGS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 2 } as const;

/** How often a worker looks for a cancel or a live control (pause, learning rate) of the runs it trains. */
export const CONTROL_POLL_MS = 500;

/** The CSV uploaded for a sweep travels in pieces of this size (one Redis string each). */
export const DATA_CHUNK_BYTES = 4 << 20;

export const redisKeys = {
  /** Hash {size, chunks} of an uploaded CSV, by the sha256 of its bytes; its pieces are `<key>:<i>`. */
  data: (hash: string) => `losslab:data:${hash}`,
  /** A job's event stream (RemoteMessage entries under the field `m`). */
  events: (jobId: string) => `losslab:events:${jobId}`,
  /** Pending live controls of a job (pause, resume, setLr), a list of HostToWorker JSON. */
  control: (jobId: string) => `losslab:control:${jobId}`,
  /** Set when a job is cancelled; a worker that starts it (again) reads it first. */
  cancelled: (jobId: string) => `losslab:cancelled:${jobId}`,
  /** What a sweep was (its runs, spec and experiment), so that a producer can come back to it. */
  sweep: (sweepId: string) => `losslab:sweep:${sweepId}`,
};

/** A job's id: unique per sweep and run, since BullMQ returns the old job for an id it already has. */
export function jobId(group: string, index: number): string {
  return `${group}-${index}`;
}
