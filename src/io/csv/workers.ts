/**
 * Worker threads that parse chunks (`parseWorker.ts`). The worker script sits beside this module: as
 * `csvWorker.js` next to a bundle (dist/), or as the compiled `parseWorker.js` next to this file; when
 * neither is there, `ChunkWorkers.start` gives null and the caller parses on its own thread.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChunkFault, type ChunkResult, type ChunkSpec, type Fault } from '../../core/csv/chunk';

export interface ChunkRequest {
  id: number;
  bytes: Uint8Array;
  end: number;
  spec: ChunkSpec;
}

export type ChunkReply =
  { id: number; result: ChunkResult } | { id: number; fault: Fault } | { id: number; failure: string };

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
        if ('result' in m) p.resolve(m.result);
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
  parse(bytes: Uint8Array, end: number, spec: ChunkSpec): Promise<ChunkResult> {
    let k = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.pending[i].size < this.pending[k].size) k = i;
    const id = this.nextId++;
    return new Promise<ChunkResult>((resolve, reject) => {
      this.pending[k].set(id, { resolve, reject });
      const request: ChunkRequest = { id, bytes, end, spec };
      this.workers[k].postMessage(request, bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : []);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
