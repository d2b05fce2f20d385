/**
 * The messages of a remote sweep, through Redis: a job (what a worker machine trains) and the entries of
 * each job's event stream (what it sends back). Both are JSON and data only: a worker validates a job's
 * config with the same code as a local run before it trains, and nothing received is evaluated as code.
 */
import { resolveRunConfig } from '../core/config/resolve';
import type { RunConfig } from '../core/config/types';
import { LossLabError } from '../core/errors';
import type { RunEvent, RunSummary } from '../core/trainer/events';

/** One run of a remote sweep, as queued. */
export interface RemoteJob {
  /** The Loss Lab version that queued it: a worker of another version does not train it (its numbers may differ). */
  version: string;
  /** The run's folder name under the producer's runs folder. */
  runId: string;
  /** The run's config as recorded (resolved against its data). */
  config: RunConfig;
  experiment: string | null;
  /** sha256 of the CSV's bytes: the worker trains only on a file with this hash. */
  dataHash: string;
}

/** One entry of a job's event stream; `attempt` counts the workers that started it (1, then 2 after a restart). */
export type RemoteMessage =
  | { type: 'attempt'; attempt: number; worker: string }
  | { type: 'events'; attempt: number; events: RunEvent[] }
  /** `weights`: final.json and best.json as the worker recorded them (null: none); checked when a run is loaded. */
  | { type: 'done'; attempt: number; summary: RunSummary; predictions: unknown; weights?: RemoteWeights }
  | { type: 'error'; attempt: number; message: string; field?: string; userError: boolean }
  /** The sweep was cancelled before this job started: nothing was trained. */
  | { type: 'cancelled'; attempt: number };

export interface RemoteWeights {
  final: unknown;
  best: unknown;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SHA256 = /^[0-9a-f]{64}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(what: string): never {
  throw new LossLabError(`the queued job is not a Loss Lab run: ${what}`);
}

/** A job as received from the queue, checked field by field; its config is resolved again as a local run's is. */
export function parseRemoteJob(raw: unknown): RemoteJob {
  if (!isObject(raw)) bad('not an object');
  const { version, runId, config, experiment, dataHash } = raw;
  if (typeof version !== 'string') bad('no version');
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) bad('a bad runId');
  if (typeof dataHash !== 'string' || !SHA256.test(dataHash)) bad('a bad dataHash');
  if (experiment !== null && typeof experiment !== 'string') bad('a bad experiment');
  const resolved = resolveRunConfig(config);
  // A recorded config resolves to itself; anything that does not was not written by a Loss Lab producer.
  if (JSON.stringify(resolved) !== JSON.stringify(config)) bad('its config is not a resolved run config');
  return { version, runId, config: resolved, experiment, dataHash };
}

const TYPES: readonly unknown[] = ['attempt', 'events', 'done', 'error', 'cancelled'];

/** A stream entry as read back: its type and attempt checked (the producer only writes what these carry). */
export function parseRemoteMessage(text: string): RemoteMessage | null {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(m) || !TYPES.includes(m.type) || !Number.isInteger(m.attempt)) return null;
  if (m.type === 'events' && !Array.isArray(m.events)) return null;
  if (m.type === 'done' && !isObject(m.summary)) return null;
  return m as unknown as RemoteMessage;
}
