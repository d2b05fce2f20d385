/** A run's recorded rows on disk: rows.json (the index) and one rows-<epoch>.bin per recorded epoch (see core/probe/rowRecord.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LossLabError, showPath } from '../core/errors';
import { type RecordedEpoch, type RowsIndex, type SplitRecord, decodeRows, encodeRows } from '../core/probe/rowRecord';
import { RETRAIN, readRunJson } from './exportSource';
import { writeFileAtomic, writeJsonAtomic } from './runStore';

export const ROWS_INDEX = 'rows.json';

/** The file an epoch's rows go to; the weights the run ends with have their own name, beside an epoch's. */
export function rowsFileName(epoch: number, weights: RecordedEpoch['weights']): string {
  return weights === 'epoch' ? `rows-${epoch}.bin` : `rows-${weights}.bin`;
}

/** Adds an epoch's rows to the run's record: the bytes first, then the index that lists them. */
export function writeRowsEpoch(dir: string, index: RowsIndex, entry: RecordedEpoch, splits: SplitRecord[]): void {
  writeFileAtomic(path.join(dir, entry.file), encodeRows(splits));
  index.epochs = [...index.epochs.filter((e) => e.file !== entry.file), entry];
  writeRowsIndex(dir, index);
}

export function writeRowsIndex(dir: string, index: RowsIndex): void {
  writeJsonAtomic(path.join(dir, ROWS_INDEX), index);
}

/** A run's rows index, or null for a run that records none (a pair or ranking loss, an older record). */
export function readRowsIndex(dir: string): RowsIndex | null {
  if (!fs.existsSync(path.join(dir, ROWS_INDEX))) return null;
  return readRunJson<RowsIndex>(dir, ROWS_INDEX, "each row's recorded loss");
}

/** An epoch's rows: the training split's, then the validation split's when there is one. */
export function readRowsEpoch(dir: string, index: RowsIndex, entry: RecordedEpoch): SplitRecord[] {
  const file = path.join(dir, entry.file);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new LossLabError(`${showPath(file)} is missing, though ${ROWS_INDEX} lists it; ${RETRAIN}`, { file });
  }
  const sizes = entry.val ? [entry.train.rows, entry.val.rows] : [entry.train.rows];
  try {
    return decodeRows(bytes, sizes, { target: index.target_width, prediction: index.prediction_width });
  } catch (e) {
    throw new LossLabError(
      `${showPath(file)} does not hold the rows ${ROWS_INDEX} lists (${(e as Error).message}); ${RETRAIN}`,
      {
        file,
      },
    );
  }
}
