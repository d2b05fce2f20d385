/** The Rows card's view model from runs' recorded rows (see core/probe/rowRecord.ts): histograms on shared log bins, top rows. */
import type { RecordedEpoch, RowsIndex, SplitRecord } from '../core/probe/rowRecord';
import type { RowsCardView, RunRowsView, TopRowView } from '../protocol/rowsViews';

export const HISTOGRAM_BINS = 40;
export const TOP_ROWS = 10;

/** One run's recorded training rows at an epoch, as read from its folder. */
export interface RecordedRows {
  runId: string;
  name: string;
  index: RowsIndex;
  entry: RecordedEpoch;
  train: SplitRecord;
}

/** `bins` log-spaced edges from the smallest positive to the largest finite loss of every run; [] when none is positive. */
export function logEdges(losses: readonly Float64Array[], bins = HISTOGRAM_BINS): number[] {
  let lo = Infinity;
  let hi = 0;
  for (const column of losses)
    for (const v of column)
      if (v > 0 && Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  if (!(hi > 0)) return [];
  if (hi === lo) return [lo / 2, hi * 2];
  const a = Math.log10(lo);
  const step = (Math.log10(hi) - a) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === 0 ? lo : i === bins ? hi : 10 ** (a + i * step)));
}

/** Rows per bin of `edges` (bin i is [edges[i], edges[i+1]), the last closed), and those of loss ≤ 0 apart. */
export function binLosses(loss: Float64Array, edges: readonly number[]): { counts: number[]; zeros: number } {
  const bins = edges.length - 1;
  const counts = new Array<number>(Math.max(0, bins)).fill(0);
  let zeros = 0;
  if (bins < 1) return { counts, zeros: loss.length };
  const a = Math.log10(edges[0]);
  const span = Math.log10(edges[bins]) - a;
  for (const v of loss) {
    if (!(v > 0)) {
      if (v <= 0) zeros++;
      continue;
    }
    // The log position finds the bin; the edges themselves settle values that rounding put one bin off.
    let i = Math.min(bins - 1, Math.max(0, Math.floor(((Math.log10(v) - a) / span) * bins)));
    while (i > 0 && v < edges[i]) i--;
    while (i < bins - 1 && v >= edges[i + 1]) i++;
    counts[i]++;
  }
  return { counts, zeros };
}

/** A recorded value as the card shows it: a class's label, a number, or a list. */
function shown(values: Float64Array, at: number, width: number, classes: string[] | null): string {
  const v = Array.from(values.subarray(at * width, (at + 1) * width));
  if (classes && width === 1) return classes[v[0]] ?? String(v[0]);
  return v.map((x) => String(Number(x.toPrecision(6)))).join(', ');
}

/** The `top` rows carrying the most gradient (the record keeps them first). */
export function topRows(index: RowsIndex, rows: SplitRecord, top = TOP_ROWS): TopRowView[] {
  return Array.from({ length: Math.min(top, rows.line.length) }, (_, i) => rowView(index, rows, i));
}

/** The row at position `at` of a split's record, as people read it. */
export function rowView(index: RowsIndex, rows: SplitRecord, at: number): TopRowView {
  return {
    line: rows.line[at],
    target: shown(rows.target, at, index.target_width, index.classes),
    prediction: shown(rows.prediction, at, index.prediction_width, index.classes),
    loss: rows.loss[at],
    share: rows.share[at],
  };
}

export function rowsCardView(runs: readonly RecordedRows[], top = TOP_ROWS): RowsCardView {
  const edges = logEdges(runs.map((r) => r.train.loss));
  return {
    edges,
    runs: runs.map((r): RunRowsView => {
      const { entry, index, train } = r;
      return {
        runId: r.runId,
        name: r.name,
        loss: index.loss,
        epoch: entry.epoch,
        weights: entry.weights,
        rows: entry.train.rows,
        meanLoss: entry.train.mean_loss,
        top1pctLossShare: entry.train.top_1pct_loss_share,
        top1pctShare: entry.train.top_1pct_share,
        ...binLosses(train.loss, edges),
        top: topRows(index, train, top),
      };
    }),
  };
}

export const HEAT_LEVELS = 8;

/** A row's heat from its loss, on a log scale from `lo` to `hi` (level 0: at or below lo, or no loss). */
export function heatLevel(loss: number, lo: number, hi: number, levels = HEAT_LEVELS): number {
  if (!(loss > lo) || !(hi > lo)) return 0;
  if (!Number.isFinite(loss) || loss >= hi) return levels - 1;
  return Math.min(levels - 1, Math.floor(((Math.log(loss) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * levels));
}

/** What hovering a decorated line says about its row. */
export function rowHoverText(
  run: string,
  entry: Pick<RecordedEpoch, 'epoch' | 'weights'>,
  split: 'training' | 'validation',
  row: TopRowView,
  rank: number,
  rows: number,
): string {
  const weights =
    entry.weights === 'epoch' ? `after epoch ${entry.epoch}` : `${entry.weights} weights, epoch ${entry.epoch}`;
  return [
    `**Loss Lab** · ${run} (${weights}) · ${split} row`,
    '',
    `prediction ${row.prediction} · target ${row.target}`,
    '',
    `loss ${fmt(row.loss)} · ${fmt(100 * row.share)}% of the ${split} gradient (rank ${rank} of ${rows})`,
  ].join('\n');
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(4)));
}
