/** Reading a CSV file from disk; the rest of the pipeline works on bytes. */
import { readFileSync } from 'node:fs';
import { LossLabError } from '../errors';
import { parseCsv, type CsvOptions } from '../csv/parse';
import type { CsvTable } from '../csv/types';
import { buildDataset } from './build';
import type { DataOptions, Dataset } from './types';

export function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LossLabError(`file not found: ${path}`, { file: path });
    if (code === 'EISDIR') throw new LossLabError(`${path} is a folder; give the path of a CSV file`, { file: path });
    if (code === 'EACCES' || code === 'EPERM') throw new LossLabError(`cannot read ${path}: permission denied`, { file: path });
    throw e;
  }
}

export function readCsv(path: string, opts: CsvOptions = {}): CsvTable {
  return parseCsv(readBytes(path), path, opts);
}

export function readDataset(path: string, opts: DataOptions = {}): Dataset {
  return buildDataset(readCsv(path), opts);
}
