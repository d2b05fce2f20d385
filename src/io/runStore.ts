/**
 * Run records on disk, shared by the CLI and the extension:
 *   <out>/<run-id>/config.json   fully resolved config, seed, data file hash, Loss Lab version, writer pid and start
 *   <out>/<run-id>/events.jsonl  append-only, one RunEvent per line, each flush a single write of whole lines
 *   <out>/<run-id>/summary.json  written at the end
 *   <out>/<run-id>/initial.json, preprocessing.json  what replaying the run elsewhere needs (see export/record.ts)
 *   <out>/<run-id>/final.json    the weights after the last step (ModelWeights, see model/weights.ts), written at the end
 *   <out>/<run-id>/best.json     the best epoch's weights, where early stopping restored them (the run's model)
 *   <out>/<run-id>/predictions.json  regression: predictions on the evaluation split (see trainer/predictions.ts)
 *   <out>/<run-id>/sweep.json    the sweep the run was one of (RunSweep), written by `losslab sweep` once the folder exists
 *   <out>/<run-id>/remote.json   a run trained through Redis: the worker that ran it and how many attempts it took (RunRemote)
 *   <out>/<run-id>/checkpoint.json  the last checkpoint (trainer/checkpoint.ts), rewritten after every epoch
 *   <out>/<run-id>/resumed.json  a run resumed from another's checkpoint: which, from where, at what rate (RunResumed)
 *   <out>/<run-id>/rows.json, rows-<epoch>.bin  each row's loss and gradient share at chosen epochs (io/rowsStore.ts)
 * JSON files are written to a temporary name and renamed, so a reader never sees half a file. A run with
 * no summary whose writer is gone was interrupted; its curve is whatever events.jsonl holds. The writer is
 * known by host, pid and, where the system tells (Linux), when that process started: a pid alone may since
 * have been given to another process.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EpochSnapshot, RunEvent, RunStatus, RunSummary } from '../core/trainer/events';
import { VERSION } from '../core/version';
import type { RunConfig } from '../core/config/types';
import type { RunMeta, RunRecord, RunRemote, RunResumed, RunSweep } from '../core/store/records';

/** The hash of a data file recorded with its runs, fed piece by piece (a file is hashed as it is read). */
export function dataHasher(): { update(bytes: Uint8Array): void; digest(): string } {
  const hash = createHash('sha256');
  return { update: (bytes) => void hash.update(bytes), digest: () => hash.digest('hex') };
}

export function writeJsonAtomic(file: string, value: unknown, indent = 2): void {
  writeFileAtomic(file, JSON.stringify(value, null, indent) + '\n');
}

/** Writes a file under a temporary name and renames it, so that a reader never sees half of it. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'run'
  );
}

function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** How long step events may wait in memory before they are written. */
const FLUSH_MS = 250;
const FLUSH_BYTES = 1 << 16;

export class RunWriter {
  private fd: number;
  private pending = '';
  private lastFlush = Date.now();

  private constructor(
    readonly dir: string,
    readonly meta: RunMeta,
  ) {
    this.fd = fs.openSync(path.join(dir, 'events.jsonl'), 'a');
  }

  /** Creates a fresh run folder under `outDir` with a unique id (no two writers share files). */
  static create(
    outDir: string,
    config: RunConfig,
    dataHash: string,
    experiment: string | null = null,
    valDataHash?: string,
  ): RunWriter {
    fs.mkdirSync(outDir, { recursive: true });
    const now = new Date();
    for (;;) {
      const id = newRunId(config.name, now);
      const dir = path.join(outDir, id);
      try {
        fs.mkdirSync(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw e;
      }
      return RunWriter.begin(dir, id, now, config, dataHash, experiment, valDataHash);
    }
  }

  /**
   * (Re)writes the run folder `<outDir>/<id>` from its start, whatever it held: a run trained elsewhere whose
   * id was chosen when it was queued, recorded again when it restarts or when its events are read again.
   */
  static restart(
    outDir: string,
    id: string,
    config: RunConfig,
    dataHash: string,
    experiment: string | null,
  ): RunWriter {
    const dir = path.join(outDir, id);
    fs.mkdirSync(dir, { recursive: true });
    for (const name of [
      'summary.json',
      'predictions.json',
      'final.json',
      'best.json',
      'checkpoint.json',
      'events.jsonl',
      'rows.json',
    ])
      fs.rmSync(path.join(dir, name), { force: true });
    return RunWriter.begin(dir, id, new Date(), config, dataHash, experiment);
  }

  private static begin(
    dir: string,
    id: string,
    now: Date,
    config: RunConfig,
    dataHash: string,
    experiment: string | null,
    valDataHash?: string,
  ): RunWriter {
    const meta: RunMeta = {
      id,
      created: now.toISOString(),
      version: VERSION,
      dataHash,
      ...(valDataHash === undefined ? {} : { valDataHash }),
      experiment,
      pid: process.pid,
      ...writerStart(),
      host: os.hostname(),
      config,
    };
    writeJsonAtomic(path.join(dir, 'config.json'), meta);
    return new RunWriter(dir, meta);
  }

  /** Writes `<run>/<name>` (whole, atomically, on one line: weights and row indices are long lists). */
  writeJson(name: string, value: unknown): void {
    writeJsonAtomic(path.join(this.dir, name), value, 0);
  }

  /** Writes `<run>/<name>` as given (whole, atomically): a record file received from elsewhere. */
  writeBytes(name: string, bytes: Uint8Array): void {
    writeFileAtomic(path.join(this.dir, name), bytes);
  }

  append(event: RunEvent): void {
    this.pending += JSON.stringify(event) + '\n';
    if (event.type !== 'step' || this.pending.length > FLUSH_BYTES || Date.now() - this.lastFlush > FLUSH_MS)
      this.flush();
  }

  flush(): void {
    if (!this.pending) return;
    fs.writeSync(this.fd, this.pending);
    this.pending = '';
    this.lastFlush = Date.now();
  }

  finish(summary: RunSummary): void {
    this.close();
    writeJsonAtomic(path.join(this.dir, 'summary.json'), summary);
  }

  /** Writes what is pending and lets go of the events file: a run that ends without a summary. */
  close(): void {
    if (this.fd < 0) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = -1;
  }
}

/** A run folder's name: when it was created, its name and a random suffix. */
export function newRunId(name: string, now = new Date()): string {
  return `${timestamp(now)}-${slug(name)}-${randomBytes(3).toString('hex')}`;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/**
 * When process `pid` started, as Linux counts it: clock ticks since boot (/proc/<pid>/stat, field 22) and
 * the boot's id, so that neither a reused pid nor a reboot can match an earlier process. null where /proc
 * is missing (macOS, Windows) or the process is gone.
 */
export function processStart(pid: number): string | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Field 2, the command name, is in parentheses and may itself hold spaces and parentheses: count from the last ')'.
  const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  if (!ticks) return null;
  let boot = '';
  try {
    boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // Without the boot's id the start time still tells processes apart within one boot.
  }
  return `${boot}/${ticks}`;
}

let ownStart: { pidStart?: string } | undefined;

/** This process's start, read once, as a field of RunMeta (none where unknown). */
function writerStart(): { pidStart?: string } {
  if (!ownStart) {
    const start = processStart(process.pid);
    ownStart = start === null ? {} : { pidStart: start };
  }
  return ownStart;
}

/** Whether the writer of a run may still be writing: on another host we cannot tell, so it may. */
function alive(meta: RunMeta): boolean {
  if (meta.host !== os.hostname()) return true;
  try {
    process.kill(meta.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid is taken; it is still the writer's only if that process started when the writer did.
  if (typeof meta.pidStart !== 'string') return true;
  const start = processStart(meta.pid);
  return start === null || start === meta.pidStart;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Enough of a config.json to list the run; anything else in the runs folder (a stray or damaged file) is skipped. */
function isMeta(v: unknown): v is RunMeta {
  if (!isObject(v) || typeof v.id !== 'string' || !isObject(v.config)) return false;
  const c = v.config;
  return typeof c.name === 'string' && isObject(c.data) && isObject(c.loss) && isObject(c.optimizer);
}

function isSummary(v: unknown): v is RunSummary {
  return isObject(v) && typeof v.status === 'string' && typeof v.epochs === 'number' && isObject(v.history);
}

const DISTRIBUTIONS: readonly unknown[] = ['choice', 'uniform', 'logUniform', 'int'];

/** Enough of a sweep.json to show the sweep; a damaged one leaves the run out of its sweep, not out of the list. */
function isRunSweep(v: unknown): v is RunSweep {
  if (!isObject(v) || typeof v.id !== 'string' || !isObject(v.spec) || !isObject(v.point)) return false;
  const { axes, metric } = v.spec;
  const isAxis = (a: unknown) =>
    isObject(a) && typeof a.path === 'string' && isObject(a.dist) && DISTRIBUTIONS.includes(a.dist.kind);
  return Array.isArray(axes) && axes.every(isAxis) && (metric === null || typeof metric === 'string');
}

export function writeRunSweep(dir: string, sweep: RunSweep): void {
  writeJsonAtomic(path.join(dir, 'sweep.json'), sweep);
}

export function writeRunRemote(dir: string, remote: RunRemote): void {
  writeJsonAtomic(path.join(dir, 'remote.json'), remote);
}

export function writeRunResumed(dir: string, resumed: RunResumed): void {
  writeJsonAtomic(path.join(dir, 'resumed.json'), resumed);
}

function isRunResumed(v: unknown): v is RunResumed {
  return (
    isObject(v) &&
    typeof v.run === 'string' &&
    typeof v.dir === 'string' &&
    Number.isInteger(v.epoch) &&
    Number.isInteger(v.step) &&
    typeof v.lr === 'number'
  );
}

function isRunRemote(v: unknown): v is RunRemote {
  return (
    isObject(v) &&
    typeof v.worker === 'string' &&
    Number.isInteger(v.attempts) &&
    Array.isArray(v.workers) &&
    v.workers.every((w) => typeof w === 'string')
  );
}

export function readRun(dir: string): RunRecord | null {
  const meta = readJson<unknown>(path.join(dir, 'config.json'));
  if (!isMeta(meta)) return null;
  const raw = readJson<unknown>(path.join(dir, 'summary.json'));
  const summary = isSummary(raw) ? raw : null;
  const status: RunStatus = summary ? summary.status : alive(meta) ? 'running' : 'interrupted';
  const sweep = readJson<unknown>(path.join(dir, 'sweep.json'));
  const remote = readJson<unknown>(path.join(dir, 'remote.json'));
  const resumed = readJson<unknown>(path.join(dir, 'resumed.json'));
  return {
    id: meta.id,
    dir,
    meta,
    summary,
    status,
    ...(isRunSweep(sweep) ? { sweep } : {}),
    ...(isRunRemote(remote) ? { remote } : {}),
    ...(isRunResumed(resumed) ? { resumed } : {}),
  };
}

/** Every run under `outDir`, oldest first. */
export function listRuns(outDir: string): RunRecord[] {
  let names: string[];
  try {
    names = fs.readdirSync(outDir);
  } catch {
    return [];
  }
  return names
    .sort()
    .map((n) => readRun(path.join(outDir, n)))
    .filter((r): r is RunRecord => r !== null);
}

/** The events of a run; a torn last line (the writer was killed mid-write) is skipped. */
export function readEvents(dir: string): RunEvent[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'events.jsonl'), 'utf8');
  } catch {
    return [];
  }
  const events: RunEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      events.push(JSON.parse(line) as RunEvent);
    } catch {
      break;
    }
  }
  return events;
}

/** How far a run got, from its summary or, for a run without one (interrupted, running), its events. */
export interface RunProgress {
  epochs: number;
  steps: number;
  final: EpochSnapshot | null;
  history: RunSummary['history'];
}

export function runProgress(r: RunRecord): RunProgress {
  if (r.summary)
    return { epochs: r.summary.epochs, steps: r.summary.steps, final: r.summary.final, history: r.summary.history };
  const p: RunProgress = { epochs: 0, steps: 0, final: null, history: { trainLoss: [], valLoss: [] } };
  for (const e of readEvents(r.dir)) {
    if ((e.type === 'step' || e.type === 'epoch') && e.phase === 'pretrain') continue;
    if (e.type === 'step') p.steps = e.step + 1;
    if (e.type !== 'epoch') continue;
    p.epochs = e.epoch;
    p.steps = e.step;
    p.final = { epoch: e.epoch, trainLoss: e.trainLoss, valLoss: e.valLoss, metrics: e.metrics };
    p.history.trainLoss.push(e.trainLoss);
    p.history.valLoss.push(e.valLoss);
  }
  return p;
}
