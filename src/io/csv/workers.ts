/**
 * Worker threads that parse chunks (`parseWorker.ts`). The worker script sits beside this module: as
 * `csvWorker.js` next to a bundle (dist/), or as the compiled `parseWorker.js` next to this file; when
 * neither is there, `ChunkWorkers.start` gives null and the caller parses on its own thread.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChunkFault, type ChunkOutput, type ChunkResult, type ChunkSpec, type Fault } from '../../core/csv/chunk';

export interface ChunkRequest {
  id: number;
  bytes: Uint8Array;
  end: number;
  spec: ChunkSpec;
  place?: Placement;
}

/**
 * Parsing a chunk straight into the table's shared columns. Chunk k's rows go from `bases[k]` on; the worker
 * parsing it counts its line breaks (as many as its rows, or more), waits for `bases[k]` to be known, and
 * sets `bases[k + 1]` before parsing, so the chunks are parsed side by side into places that never overlap.
 * When a chunk has fewer rows than line breaks, the merge moves the later chunks' rows down; a chunk whose
 * place is beyond the columns' end is parsed into `spec.output` and copied.
 */
export interface Placement {
  chunk: number;
  /** Shared; -1 until known. */
  bases: Int32Array;
  columns: ChunkOutput;
}

/** `at`: the row of the table's columns the result's rows start at (`Placement`), or -1. */
export type ChunkReply =
  { id: number; result: ChunkResult; at: number } | { id: number; fault: Fault } | { id: number; failure: string };

/** Marks a chunk worker, so that a bundle that is also something else can tell. */
export const WORKER_FLAG = 'losslab-csv-worker';

function workerScript(): string | null {
  for (const name of ['csvWorker.js', 'parseWorker.js']) {
    const file = join(__dirname, name);
    if (existsSync(file)) return file;
  }
  return null;
}

/** Whether chunks can be parsed on worker threads here (else they are parsed on the calling thread). */
export function parallelAvailable(): boolean {
  return workerScript() !== null;
}

interface Pending {
  resolve: (r: ChunkResult) => void;
  reject: (e: Error) => void;
  place?: Placement;
}

/**
 * A result whose rows were parsed into the table's columns, on the arrays of this thread: a shared buffer
 * comes back from a worker as another object, and the merge tells a chunk already in place by its buffer.
 */
function rebased(result: ChunkResult, columns: ChunkOutput, at: number): ChunkResult {
  return {
    ...result,
    lines: columns.lines.subarray(at),
    columns: result.columns.map((c, j) => ({ ...c, values: columns.values[j].subarray(at) })),
  };
}

export class ChunkWorkers {
  private readonly pending: Map<number, Pending>[];
  private nextId = 0;

  private constructor(private readonly workers: Worker[]) {
    this.pending = workers.map(() => new Map());
    workers.forEach((w, k) => {
      const pending = this.pending[k];
      w.on('message', (m: ChunkReply) => {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if ('result' in m) p.resolve(p.place && m.at >= 0 ? rebased(m.result, p.place.columns, m.at) : m.result);
        else if ('fault' in m) p.reject(new ChunkFault(m.fault));
        else p.reject(new Error(`CSV worker failed: ${m.failure}`));
      });
      const fail = (e: Error) => {
        for (const p of pending.values()) p.reject(e);
        pending.clear();
      };
      w.on('error', fail);
      w.on('exit', (code) => fail(new Error(`CSV worker exited with code ${code}`)));
    });
  }

  /** `count` workers, or null when the worker script cannot be found. */
  static start(count: number): ChunkWorkers | null {
    const script = workerScript();
    if (script === null || count < 1) return null;
    const workers: Worker[] = [];
    for (let k = 0; k < count; k++) workers.push(new Worker(script, { workerData: WORKER_FLAG }));
    return new ChunkWorkers(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Parses `bytes[0, end)` on the least busy worker; `bytes` is handed over (moved, unless in shared memory). */
  parse(bytes: Uint8Array, end: number, spec: ChunkSpec, place?: Placement): Promise<ChunkResult> {
    let k = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.pending[i].size < this.pending[k].size) k = i;
    const id = this.nextId++;
    return new Promise<ChunkResult>((resolve, reject) => {
      this.pending[k].set(id, { resolve, reject, place });
      const request: ChunkRequest = { id, bytes, end, spec, place };
      this.workers[k].postMessage(request, bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : []);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
