/** Which epochs a run records its rows at (`training.rowEpochs`), and one epoch's record made from a model. */
import type { RowEpochs } from '../config/types';
import {
  type RecordedEpoch,
  type RowsIndex,
  ROWS_FORMAT,
  type SplitRecord,
  isClassifier,
  recordSplit,
  shownWidths,
} from './rowRecord';
import { scoreRows } from './rows';
import type { Scorer } from './splitLoss';

/** Whether a run records its rows at the end of `epoch` (the weights it ends with are `last`'s, recorded apart). */
export function recordsAtEpoch(rowEpochs: RowEpochs | undefined, epoch: number): boolean {
  return rowEpochs === 'all' || (Array.isArray(rowEpochs) && rowEpochs.includes(epoch));
}

/** rows.json before any epoch is recorded. */
export function rowsIndex(scorer: Scorer, files: RowsIndex['files']): RowsIndex {
  const widths = shownWidths(scorer.data, scorer.model.outputSize);
  return {
    format: ROWS_FORMAT,
    loss: scorer.loss.id,
    gradient: 'output',
    target_width: widths.target,
    prediction_width: widths.prediction,
    classes: isClassifier(scorer.data) ? scorer.data.classes : null,
    files,
    epochs: [],
  };
}

/** Scores the training and validation rows at the model's current weights. */
export function recordEpoch(
  scorer: Scorer,
  epoch: number,
  weights: RecordedEpoch['weights'],
  file: string,
): { entry: RecordedEpoch; splits: SplitRecord[] } {
  const { train, val } = scorer.data;
  const t = recordSplit(scorer.data, scoreRows(scorer, train));
  const v = val.length ? recordSplit(scorer.data, scoreRows(scorer, val)) : null;
  return {
    entry: { epoch, weights, file, train: t.summary, val: v?.summary ?? null },
    splits: v ? [t.rows, v.rows] : [t.rows],
  };
}
