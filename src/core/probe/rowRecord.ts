/**
 * What a run records of its rows at an epoch (rows-<epoch>.bin, indexed by rows.json): each row's CSV line,
 * loss, share of the gradient, target and prediction, for the training and the validation split, most
 * gradient first. The share is of the gradient with respect to the model's output (see rows.ts): one
 * forward pass over the split, as an epoch's evaluation costs.
 *
 * A split's block is little-endian Float64 arrays, then one Int32 array, each of its n rows in the same
 * order (most share first): loss[n], share[n], target[n·tw], prediction[n·pw], line[n]. The blocks of the
 * training and the validation split follow each other; rows.json gives n, tw and pw. Targets and
 * predictions are as people read them: a regression's in the target's units, a classifier's the class's
 * index into `classes` (the prediction the most probable class); other tasks' raw values. 1M rows of one
 * target and one output take 36 MB.
 */
import type { Dataset } from '../dataset';
import { largestFirst, sumOverLargest } from './order';
import type { RowScores } from './rows';

export const ROWS_FORMAT = 1;

/** One split's rows in the record, summarized. */
export interface RecordedSplit {
  rows: number;
  mean_loss: number;
  /** Σ ‖∂L/∂out_i‖, which the shares divide. */
  grad_norm_sum: number;
  /** The share of the gradient carried by the 1% of rows (at least one) carrying the most. */
  top_1pct_share: number;
  /** The share carried by the 1% of rows with the largest loss: for a regression, the largest residuals. */
  top_1pct_loss_share: number;
}

/** One recorded epoch, as rows.json lists it. */
export interface RecordedEpoch {
  epoch: number;
  /** `epoch`: that epoch's weights; `final` or `best`: the weights the run ended with. */
  weights: 'epoch' | 'final' | 'best';
  file: string;
  train: RecordedSplit;
  val: RecordedSplit | null;
}

/** rows.json. */
export interface RowsIndex {
  format: number;
  loss: string;
  gradient: 'output';
  /** Widths of a row's target and prediction in the record. */
  target_width: number;
  prediction_width: number;
  /** A classifier's class labels, which targets and predictions index; null otherwise. */
  classes: string[] | null;
  /** The CSV each split's lines are in. */
  files: { train: string; val: string };
  epochs: RecordedEpoch[];
}

/** One split's rows, most share first. */
export interface SplitRecord {
  loss: Float64Array;
  share: Float64Array;
  target: Float64Array;
  prediction: Float64Array;
  line: Int32Array;
}

/** How wide a task's shown target and prediction are. */
export function shownWidths(data: Dataset, outputSize: number): { target: number; prediction: number } {
  if (isClassifier(data) || (data.task === 'regression' && data.targetWidth === 1 && outputSize === 1))
    return { target: 1, prediction: 1 };
  return { target: data.targetWidth, prediction: outputSize };
}

export function isClassifier(data: Dataset): boolean {
  return data.classes !== null && (data.task === 'binary' || data.task === 'multiclass');
}

/** A row's target and prediction as numbers people read (the class index for a classifier). */
export function shownValues(data: Dataset, row: number, out: Float64Array): { target: number[]; prediction: number[] } {
  const widths = shownWidths(data, out.length);
  const target = new Float64Array(widths.target);
  const prediction = new Float64Array(widths.prediction);
  writeShown(data, row, out, 0, out.length, { target, prediction }, 0);
  return { target: Array.from(target), prediction: Array.from(prediction) };
}

/**
 * Writes row `row`'s shown target and prediction (from its outputs `out[from, from + k)`) at row `at` of
 * `into`, whose widths are `shownWidths`'.
 */
function writeShown(
  data: Dataset,
  row: number,
  out: Float64Array,
  from: number,
  k: number,
  into: { target: Float64Array; prediction: Float64Array },
  at: number,
): void {
  const tw = data.targetWidth;
  const { target, prediction } = into;
  if (isClassifier(data)) {
    let best = 0;
    for (let c = 1; c < k; c++) if (out[from + c] > out[from + best]) best = c;
    target[at] = data.y[row * tw];
    prediction[at] = k === 1 ? (out[from] > 0 ? 1 : 0) : best;
    return;
  }
  if (data.task === 'regression' && tw === 1 && k === 1) {
    const scaler = data.targetScaler;
    target[at] = scaler ? data.y[row] * scaler.std + scaler.mean : data.y[row];
    prediction[at] = scaler ? out[from] * scaler.std + scaler.mean : out[from];
    return;
  }
  for (let j = 0; j < tw; j++) target[at * tw + j] = data.y[row * tw + j];
  for (let j = 0; j < k; j++) prediction[at * k + j] = out[from + j];
}

/** A split's scores as recorded: rows ordered by share (most first), and its summary. */
export function recordSplit(data: Dataset, s: RowScores): { summary: RecordedSplit; rows: SplitRecord } {
  const n = s.rows.length;
  const k = s.out.length / Math.max(1, n);
  const widths = shownWidths(data, k);
  const total = s.gradNorm.reduce((a, v) => a + v, 0);
  const share = (i: number) => (total > 0 ? s.gradNorm[i] / total : 0);
  const order = largestFirst(s.gradNorm);
  const rows: SplitRecord = {
    loss: new Float64Array(n),
    share: new Float64Array(n),
    target: new Float64Array(n * widths.target),
    prediction: new Float64Array(n * widths.prediction),
    line: new Int32Array(n),
  };
  for (let at = 0; at < n; at++) {
    const i = order[at];
    rows.loss[at] = s.loss[i];
    rows.share[at] = share(i);
    rows.line[at] = data.lines[s.rows[i]];
    writeShown(data, s.rows[i], s.out, i * k, k, rows, at);
  }
  const onePercent = Math.min(n, Math.max(1, Math.ceil(n / 100)));
  let topShare = 0;
  for (let j = 0; j < onePercent; j++) topShare += rows.share[j];
  const summary: RecordedSplit = {
    rows: n,
    mean_loss: n ? s.loss.reduce((a, v) => a + v, 0) / n : NaN,
    grad_norm_sum: total,
    top_1pct_share: topShare,
    top_1pct_loss_share: sumOverLargest(rows.loss, rows.share, onePercent),
  };
  return { summary, rows };
}

/** Whether this machine stores numbers little-endian, as the record does: then arrays are copied as bytes. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The bytes of a recorded epoch: the training split's block, then the validation split's. */
export function encodeRows(splits: SplitRecord[]): Uint8Array {
  const size = splits.reduce((a, s) => a + blockBytes(s.line.length, widthsOf(s)), 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const s of splits)
    for (const column of [s.loss, s.share, s.target, s.prediction, s.line]) {
      const width = column.BYTES_PER_ELEMENT;
      if (LITTLE_ENDIAN) bytes.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), at);
      else
        column.forEach((v, i) =>
          width === 8 ? view.setFloat64(at + 8 * i, v, true) : view.setInt32(at + 4 * i, v, true),
        );
      at += column.byteLength;
    }
  return bytes;
}

/** The splits of a recorded epoch's bytes, `sizes` their row counts in order. */
export function decodeRows(
  bytes: Uint8Array,
  sizes: number[],
  widths: { target: number; prediction: number },
): SplitRecord[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const expected = sizes.reduce((a, n) => a + blockBytes(n, widths), 0);
  if (bytes.byteLength !== expected)
    throw new Error(`a rows record of ${sizes.join(' + ')} rows takes ${expected} bytes, not ${bytes.byteLength}`);
  let at = 0;
  // A copy of the bytes is aligned for a typed array wherever the block starts (a plain Uint8Array's slice
  // copies; a Node Buffer's would not).
  const copy = (length: number) => new Uint8Array(bytes.buffer, bytes.byteOffset + at, length).slice().buffer;
  const floats = (count: number) => {
    const out = LITTLE_ENDIAN ? new Float64Array(copy(8 * count)) : new Float64Array(count);
    if (!LITTLE_ENDIAN) for (let i = 0; i < count; i++) out[i] = view.getFloat64(at + 8 * i, true);
    at += 8 * count;
    return out;
  };
  const ints = (count: number) => {
    const out = LITTLE_ENDIAN ? new Int32Array(copy(4 * count)) : new Int32Array(count);
    if (!LITTLE_ENDIAN) for (let i = 0; i < count; i++) out[i] = view.getInt32(at + 4 * i, true);
    at += 4 * count;
    return out;
  };
  return sizes.map((n) => ({
    loss: floats(n),
    share: floats(n),
    target: floats(n * widths.target),
    prediction: floats(n * widths.prediction),
    line: ints(n),
  }));
}

function widthsOf(s: SplitRecord): { target: number; prediction: number } {
  const n = Math.max(1, s.line.length);
  return { target: s.target.length / n, prediction: s.prediction.length / n };
}

function blockBytes(n: number, widths: { target: number; prediction: number }): number {
  return n * (8 * (2 + widths.target + widths.prediction) + 4);
}
