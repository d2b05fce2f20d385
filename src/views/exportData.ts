/**
 * The series of the shown runs as a CSV or JSON file. Pure, so the host can build the same file from its
 * full record and a static report can build it from what it holds.
 */
import { csvText } from '../core/csv/write';
import type { EpochPoint, RunView, StepPoint } from '../protocol/webview';
import { metricNames } from './metrics';

export interface RunSeries {
  run: RunView;
  steps: readonly StepPoint[];
  epochs: readonly EpochPoint[];
}

/** Python's float() and pandas read these back; JSON has no spelling for them. */
function csvNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  // String() is the shortest text that reads back as the same double.
  return String(v);
}

/**
 * One row per step per run, runs in the given order. The epoch's values (mean train loss, validation loss,
 * metrics) sit on the last row of that epoch; an epoch with no step row of its own (thinned
 * away, or an epoch without steps) gets a row after the run's steps with only its step, epoch and time.
 */
export function seriesCsv(series: readonly RunSeries[]): string {
  const layers = Math.max(0, ...series.flatMap((s) => s.steps.map((p) => p.layerGradNorms.length)));
  const metrics = metricNames(series.map((s) => s.epochs));
  const layerCols = Array.from({ length: layers }, (_, i) => `grad_norm_layer_${i + 1}`);
  const header = [
    'run',
    'run_id',
    'step',
    'epoch',
    'time_s',
    'loss',
    'lr',
    'grad_norm',
    ...layerCols,
    'update_ratio',
    'epoch_train_loss',
    'val_loss',
    ...metrics,
  ];
  const lines = [header.map(csvText).join(',')];
  const epochCells = (e: EpochPoint | undefined) =>
    e
      ? [csvNumber(e.trainLoss), csvNumber(e.valLoss), ...metrics.map((m) => csvNumber(e.metrics[m]))]
      : new Array<string>(2 + metrics.length).fill('');
  for (const { run, steps, epochs } of series) {
    const byEpoch = new Map(epochs.map((e) => [e.epoch, e]));
    const written = new Set<number>();
    const who = [csvText(run.name), csvText(run.id)];
    steps.forEach((p, i) => {
      const lastOfEpoch = i === steps.length - 1 || steps[i + 1].epoch !== p.epoch;
      const e = lastOfEpoch ? byEpoch.get(p.epoch) : undefined;
      if (e) written.add(e.epoch);
      const layerCells = Array.from({ length: layers }, (_, l) => csvNumber(p.layerGradNorms[l]));
      const stepCells = [p.step, p.epoch, p.t, p.loss, p.lr, p.gradNorm].map(csvNumber);
      lines.push([...who, ...stepCells, ...layerCells, csvNumber(p.updateRatio), ...epochCells(e)].join(','));
    });
    for (const e of epochs) {
      if (written.has(e.epoch)) continue;
      const blank = new Array<string>(3 + layers + 1).fill('');
      lines.push([...who, csvNumber(e.step), csvNumber(e.epoch), csvNumber(e.t), ...blank, ...epochCells(e)].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** The runs with their views and series; NaN and ±Infinity become null, as JSON has no spelling for them. */
export function seriesJson(series: readonly RunSeries[]): string {
  return JSON.stringify({ runs: series.map(({ run, steps, epochs }) => ({ ...run, steps, epochs })) }, null, 1) + '\n';
}
