/**
 * The messages of a remote sweep, through Redis: a job (what a worker machine trains) and the entries of
 * each job's event stream (what it sends back). Both are JSON and data only: a worker validates a job's
 * config with the same code as a local run before it trains, and nothing received is evaluated as code.
 */
import { resolveRunConfig } from '../core/config/resolve';
import type { RunConfig } from '../core/config/types';
import { LossLabError } from '../core/errors';
import type { DecisionSurface } from '../core/probe/surface';
import type { GeneratedRows, RunEvent, RunSummary } from '../core/trainer/events';

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
  | { type: 'done'; attempt: number; summary: RunSummary; files: RecordFile[] }
  | { type: 'error'; attempt: number; message: string; field?: string; userError: boolean }
  /** The sweep was cancelled before this job started: nothing was trained. */
  | { type: 'cancelled'; attempt: number }
  /** The live views a local run's thread posts beside its events: the decision surface, a generate run's rows. */
  | { type: 'surface'; attempt: number; epoch: number; surface: SurfaceJson }
  | { type: 'rows'; attempt: number; rows: GeneratedRows };

/** Float32 values as JSON: a NaN (a diverged regressor's cell) as null. */
type Floats = (number | null)[];

/** A decision surface as JSON: its typed arrays as plain arrays. */
export type SurfaceJson = Omit<DecisionSurface, 'predicted' | 'value' | 'points'> & {
  predicted: number[];
  value: Floats;
  points: { x: Floats; y: Floats; target: Floats };
};

const toFloats = (a: Float32Array): Floats => Array.from(a, (v) => (Number.isNaN(v) ? null : v));
/** A float32 written as a double and read back is the same float32. */
const fromFloats = (a: Floats) => Float32Array.from(a, (v) => v ?? NaN);

export function surfaceToJson(s: DecisionSurface): SurfaceJson {
  const { x, y, target } = s.points;
  return {
    ...s,
    predicted: Array.from(s.predicted),
    value: toFloats(s.value),
    points: { x: toFloats(x), y: toFloats(y), target: toFloats(target) },
  };
}

export function surfaceFromJson(s: SurfaceJson): DecisionSurface {
  const { x, y, target } = s.points;
  return {
    ...s,
    predicted: Uint16Array.from(s.predicted),
    value: fromFloats(s.value),
    points: { x: fromFloats(x), y: fromFloats(y), target: fromFloats(target) },
  };
}

/**
 * A file of the run's record written by its training thread, sent back at the end so that the producer's
 * record has every file a local run's has. The names are fixed: a name read from the queue is never a path.
 */
export interface RecordFile {
  name: string;
  base64: string;
}

/** The files a training thread writes beside its events and summary (see io/runStore.ts). */
export const RECORD_FILE = /^(?:final|best|predictions|checkpoint|rows)\.json$|^rows-(?:[0-9]{1,9}|final|best)\.bin$/;

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

const TYPES: readonly unknown[] = ['attempt', 'events', 'done', 'error', 'cancelled', 'surface', 'rows'];

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
  if (m.type === 'done' && !(isObject(m.summary) && Array.isArray(m.files) && m.files.every(isRecordFile))) return null;
  if (m.type === 'surface' && !(Number.isInteger(m.epoch) && isSurfaceJson(m.surface))) return null;
  if (m.type === 'rows' && !(isObject(m.rows) && Array.isArray(m.rows.synthetic))) return null;
  return m as unknown as RemoteMessage;
}

function isRecordFile(f: unknown): f is RecordFile {
  return isObject(f) && typeof f.name === 'string' && RECORD_FILE.test(f.name) && typeof f.base64 === 'string';
}

/** The grid's size and cells checked, so that a damaged entry is dropped rather than drawn. */
function isSurfaceJson(s: unknown): s is SurfaceJson {
  if (!isObject(s) || !Number.isInteger(s.size) || !isObject(s.x) || !isObject(s.y) || !Array.isArray(s.features))
    return false;
  const cells = (s.size as number) ** 2;
  const { predicted, value, points } = s;
  if (!isFloats(value) || value.length !== cells || !Array.isArray(predicted) || !isObject(points)) return false;
  if (predicted.length !== 0 && predicted.length !== cells) return false;
  const { x, y, target } = points;
  return (
    predicted.every((v) => Number.isInteger(v)) &&
    isFloats(x) &&
    isFloats(y) &&
    isFloats(target) &&
    x.length === y.length &&
    x.length === target.length
  );
}

function isFloats(a: unknown): a is Floats {
  return Array.isArray(a) && a.every((v) => v === null || typeof v === 'number');
}
