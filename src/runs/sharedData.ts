/**
 * Data shared by the runs of a sweep: the CSV is read once per file and the dataset built once per
 * distinct data settings, its arrays placed in SharedArrayBuffers so that every worker reads the same
 * memory instead of a copy (a structured clone of a typed array over a SharedArrayBuffer shares it).
 * Training only reads the dataset, so no locking is needed.
 */
import type { RunConfig } from '../core/config/types';
import type { Dataset } from '../core/dataset';
import { type HashedTable, type PreparedData, csvOptions, dataOptions, preparedFrom } from '../core/run';
import { readConfigTable } from '../io/data';
import { matrixMemory } from '../io/memory';

function shared<T extends Float64Array | Int32Array>(a: T, make: (buffer: SharedArrayBuffer) => T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = make(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** The dataset with its arrays moved into shared memory (the feature matrix is built there: see `prepare`). */
export function shareDataset(d: Dataset): Dataset {
  const f64 = (a: Float64Array) => shared(a, (b) => new Float64Array(b));
  const i32 = (a: Int32Array) => shared(a, (b) => new Int32Array(b));
  return {
    ...d,
    x: f64(d.x),
    y: f64(d.y),
    group: d.group && f64(d.group),
    train: i32(d.train),
    val: i32(d.val),
    lines: i32(d.lines),
  };
}

/** Runs with the same key train on the same dataset: the same file, read and built the same way. */
export function dataKey(config: RunConfig): string {
  const { path, valPath } = config.data;
  return JSON.stringify({ path, valPath, read: csvOptions(config), ...dataOptions(config) });
}

/** Prepares each distinct dataset of `configs` once (each file read once, as it streams), in shared memory. */
export class SharedData {
  // Promises, so that two runs asking for the same data at once wait for the same read.
  private tables = new Map<string, Promise<{ file: HashedTable; seconds: number }>>();
  private datasets = new Map<string, Promise<PreparedData>>();

  get(config: RunConfig): Promise<PreparedData> {
    const key = dataKey(config);
    let prepared = this.datasets.get(key);
    if (!prepared) {
      prepared = this.prepare(config);
      this.datasets.set(key, prepared);
    }
    return prepared;
  }

  /**
   * Forgets the tables read, once the datasets that need them are built: kept, their columns would hold as
   * much memory as the datasets themselves for the whole sweep (1.7 GB on a 10M × 21 file).
   */
  releaseTables(): void {
    this.tables.clear();
  }

  /** Distinct datasets asked for so far. */
  get size(): number {
    return this.datasets.size;
  }

  private async prepare(config: RunConfig): Promise<PreparedData> {
    const { file, seconds } = await this.table(config);
    const t0 = performance.now();
    // The feature matrix, the largest array, built straight into shared memory rather than copied there.
    const prepared = preparedFrom(config, file, t0, matrixMemory(true));
    return {
      ...prepared,
      dataset: shareDataset(prepared.dataset),
      loadSeconds: seconds + (performance.now() - t0) / 1000,
    };
  }

  /** The table of a config's file, read once per file and way of reading it. */
  private table(config: RunConfig): Promise<{ file: HashedTable; seconds: number }> {
    const key = JSON.stringify([config.data.path, config.data.valPath, csvOptions(config)]);
    let table = this.tables.get(key);
    if (!table) {
      const t0 = performance.now();
      table = readConfigTable(config).then((r) => ({
        file: r,
        seconds: (performance.now() - t0) / 1000,
      }));
      this.tables.set(key, table);
    }
    return table;
  }
}
