/** Reading a run's data file: the CSV streamed in chunks and hashed as it is read, then built into a dataset. */
import type { RunConfig } from '../core/config/types';
import type { CsvOptions } from '../core/csv';
import { type HashedTable, type PreparedData, csvOptions, preparedFrom } from '../core/run';
import { loadCsv } from './csv/load';
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
 * Reads and builds the data of one config, streaming the file (see `readHashedTable`): the one way data is
 * loaded, by training, sweeps, the LR range test, schedule previews and trajectories alike.
 */
export async function loadData(config: RunConfig): Promise<PreparedData> {
  const t0 = performance.now();
  return preparedFrom(config, await readHashedTable(config.data.path, csvOptions(config)), t0);
}
