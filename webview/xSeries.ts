/**
 * Any recorded series as a chart's x axis: the dashboard's step, epoch or time, a per-step series (the
 * learning rate: loss against lr is the LR range test's view; the loss, the gradient norm, the update
 * ratio) or a per-epoch one (a metric, the epoch losses). Where each of a run's points lands on it is
 * decided here, in pure code, for every chart alike.
 */
import type { EpochPoint, RunView, StepPoint } from '../src/protocol/webview';
import { epochX, stepsPerEpoch, stepX, X_AXES, type XAxis } from './series';

/** An XAxis, a key of STEP_SERIES or EPOCH_SERIES, or `metric:NAME`. */
export type XSeries = string;

const STEP_SERIES: Record<string, { label: string; value: (p: StepPoint) => number }> = {
  lr: { label: 'learning rate', value: (p) => p.lr },
  loss: { label: 'train loss (step)', value: (p) => p.loss },
  gradNorm: { label: 'gradient norm', value: (p) => p.gradNorm },
  updateRatio: { label: 'update / weight ratio', value: (p) => p.updateRatio },
};

const EPOCH_SERIES: Record<string, { label: string; value: (e: EpochPoint) => number | null | undefined }> = {
  trainLoss: { label: 'train loss (epoch)', value: (e) => e.trainLoss },
  valLoss: { label: 'validation loss', value: (e) => e.valLoss },
};

const METRIC = 'metric:';

/** Whether x rises with the step (step, epoch, time): such an axis has a cursor line and can be decimated. */
export function isOrdered(x: XSeries): boolean {
  return X_AXES.some((a) => a === x);
}

/** The axis title. */
export function xLabel(x: XSeries): string {
  if (isOrdered(x)) return x;
  if (x.startsWith(METRIC)) return x.slice(METRIC.length);
  return STEP_SERIES[x]?.label ?? EPOCH_SERIES[x]?.label ?? x;
}

/** The choices offered for a chart's x axis, given the metrics the runs report. */
export function xChoices(metrics: readonly string[]): { value: XSeries; label: string }[] {
  const keys = [...X_AXES, ...Object.keys(STEP_SERIES), ...Object.keys(EPOCH_SERIES)];
  // `each/…` stands for several lines, so it cannot be one x.
  const named = metrics.filter((m) => !m.startsWith('each/')).map((m) => `${METRIC}${m}`);
  return [...keys, ...named].map((value) => ({ value, label: xLabel(value) }));
}

/** A saved choice read back: a known series or a metric name, else null. */
export function parseXSeries(raw: unknown): XSeries | null {
  if (typeof raw !== 'string') return null;
  if (isOrdered(raw) || raw in STEP_SERIES || raw in EPOCH_SERIES) return raw;
  return raw.startsWith(METRIC) && raw.length > METRIC.length && raw.length <= 200 ? raw : null;
}

export interface XValues {
  /** The x of each step (NaN where it has none: the step is not drawn). */
  steps: number[];
  /** The x of each epoch. */
  epochs: number[];
}

/**
 * Where a run's steps and epochs land on `x`. On a per-step series an epoch's point takes the value of
 * the epoch's last recorded step; on a per-epoch series the steps have no x of their own (a step's
 * value is not known at every step), so only the per-epoch lines are drawn.
 */
export function xValues(x: XSeries, run: RunView, steps: readonly StepPoint[], epochs: readonly EpochPoint[]): XValues {
  if (isOrdered(x)) {
    const axis = x as XAxis;
    const spe = stepsPerEpoch(run, epochs);
    return { steps: steps.map((p) => stepX(p, axis, spe)), epochs: epochs.map((e) => epochX(e, axis)) };
  }
  const perStep = STEP_SERIES[x];
  if (perStep) {
    return {
      steps: steps.map(perStep.value),
      epochs: epochs.map((e) => {
        const i = lastStepAtOrBefore(steps, e.step - 1);
        return i < 0 ? NaN : perStep.value(steps[i]);
      }),
    };
  }
  const metric = x.startsWith(METRIC) ? x.slice(METRIC.length) : null;
  const perEpoch = metric !== null ? (e: EpochPoint) => e.metrics[metric] : EPOCH_SERIES[x]?.value;
  return {
    steps: steps.map(() => NaN),
    epochs: epochs.map((e) => perEpoch?.(e) ?? NaN),
  };
}

/** Index of the last step point at or before step `s` (points sorted by step), -1 if none. */
export function lastStepAtOrBefore(steps: readonly StepPoint[], s: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid].step <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
