/**
 * Data shared by the runs of a sweep: the CSV is parsed once per file and the dataset built once per
 * distinct data settings, its arrays placed in SharedArrayBuffers so that every worker reads the same
 * memory instead of a copy (a structured clone of a typed array over a SharedArrayBuffer shares it).
 * Training only reads the dataset, so no locking is needed.
 */
import type { RunConfig } from '../config/types';
import { type CsvTable, parseCsv } from '../csv';
import type { Dataset } from '../dataset';
import { type PreparedData, dataOptions, datasetFromTable, readCsvFile } from '../run';
import { hashBytes } from '../store/runStore';

function shared<T extends Float64Array | Int32Array>(a: T, make: (buffer: SharedArrayBuffer) => T): T {
  const out = make(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** The dataset with its arrays moved into shared memory. */
export function shareDataset(d: Dataset): Dataset {
  const f64 = (a: Float64Array) => shared(a, (b) => new Float64Array(b));
  const i32 = (a: Int32Array) => shared(a, (b) => new Int32Array(b));
  return { ...d, x: f64(d.x), y: f64(d.y), train: i32(d.train), val: i32(d.val), lines: i32(d.lines) };
}

/** Runs with the same key train on the same dataset. */
export function dataKey(config: RunConfig): string {
  return JSON.stringify({ path: config.data.path, ...dataOptions(config) });
}

/** Prepares each distinct dataset of `configs` once (each file read and parsed once), in shared memory. */
export class SharedData {
  private tables = new Map<string, { table: CsvTable; hash: string; seconds: number }>();
  private datasets = new Map<string, PreparedData>();

  get(config: RunConfig): PreparedData {
    const key = dataKey(config);
    const known = this.datasets.get(key);
    if (known) return known;
    const t0 = performance.now();
    const file = this.table(config.data.path);
    const dataset = shareDataset(datasetFromTable(config, file.table));
    const prepared: PreparedData = {
      dataset,
      dataHash: file.hash,
      csv: { delimiter: file.table.delimiter, header: file.table.header },
      loadSeconds: file.seconds + (performance.now() - t0) / 1000,
    };
    this.datasets.set(key, prepared);
    return prepared;
  }

  /** Distinct datasets built so far. */
  get size(): number {
    return this.datasets.size;
  }

  private table(file: string) {
    const known = this.tables.get(file);
    if (known) return known;
    const t0 = performance.now();
    const bytes = readCsvFile(file);
    const entry = { table: parseCsv(bytes, file), hash: hashBytes(bytes), seconds: (performance.now() - t0) / 1000 };
    this.tables.set(file, entry);
    return entry;
  }
}
