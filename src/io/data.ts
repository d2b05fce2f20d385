/** Reading a run's data file: the CSV streamed in chunks and hashed as it is read, then built into a dataset. */
import type { RunConfig } from '../core/config/types';
import type { CsvOptions } from '../core/csv';
import { type HashedTable, type PreparedData, csvOptions, preparedFrom } from '../core/run';
import { appendValidation, checkSameColumns, kindsDiffer, kindsOf } from '../core/csv/append';
import { loadCsv } from './csv/load';
import { matrixMemory } from './memory';
import { dataHasher } from './runStore';

/**
 * Reads a CSV file in chunks (`loadCsv`, on worker threads when it is large), hashing the bytes as they
 * are read: the file's text is never held whole, only the columns and the chunks in flight.
 */
export async function readHashedTable(file: string, read: CsvOptions = {}): Promise<HashedTable> {
  const hash = dataHasher();
  const table = await loadCsv(file, { ...read, onBytes: (bytes) => hash.update(bytes) });
  return { table, hash: hash.digest() };
}

/**
 * The table a config trains on: its file's, with the rows of its validation file (`data.valPath`) after
 * them, read with the training file's column kinds; `valHash` is that file's hash.
 */
export async function readConfigTable(config: RunConfig): Promise<HashedTable> {
  const read = csvOptions(config);
  const train = await readHashedTable(config.data.path, read);
  if (config.data.valPath === undefined) return train;
  let val = await readHashedTable(config.data.valPath, read);
  checkSameColumns(train.table, val.table);
  // Typed as the training file has its columns, so that both encode alike (a column of numbers that the
  // validation file's few rows would take for categories, say).
  if (kindsDiffer(train.table, val.table))
    val = await readHashedTable(config.data.valPath, { ...read, kinds: { ...kindsOf(train.table), ...read.kinds } });
  return { table: appendValidation(train.table, val.table), hash: train.hash, valHash: val.hash };
}

/**
 * Reads and builds the data of one config, streaming its files (see `readHashedTable`): the one way data
 * is loaded, by training, sweeps, the LR range test, schedule previews and trajectories alike.
 */
export async function loadData(config: RunConfig): Promise<PreparedData> {
  const t0 = performance.now();
  const table = await readConfigTable(config);
  // Measured once the table is in memory: the columns count as used.
  return preparedFrom(config, table, t0, matrixMemory());
}
