/**
 * From a run's points to the lines a chart draws: the x of each point for the chosen axis, smoothing,
 * and dropping what an axis cannot show (non-finite values; zero and negatives on a log axis).
 */
import type { EpochPoint, RunView, StepPoint } from '../src/protocol/webview';
import { smooth } from './smoothing';

export type XAxis = 'step' | 'epoch' | 'time';
export const X_AXES: readonly XAxis[] = ['step', 'epoch', 'time'];

/** Chart.js's internal point shape, so charts can skip parsing. */
export interface Pt {
  x: number;
  y: number;
}

/** How a line looks, relative to its run's color. */
export interface LineStyle {
  /** Opacity of the run's color. */
  alpha: number;
  width: number;
  dash?: number[];
  /** Dots on the points (for sparse per-epoch lines). */
  markers?: boolean;
  /** 0 = the run's color, toward 1 = mixed toward the chart's foreground (to tell layers apart). */
  shade?: number;
  /** Faint context (raw values under their smoothed line): not hovered, not used to scale the axis. */
  trace?: boolean;
}

export interface Line {
  /** Stable within a chart and run, so Chart.js keeps its dataset. */
  key: string;
  label: string;
  points: Pt[];
  style: LineStyle;
}

export interface SeriesOptions {
  axis: XAxis;
  /** TensorBoard smoothing weight in [0, 1). */
  smoothing: number;
  log: boolean;
}

/** Optimizer steps per epoch: from the run's totals, else from its latest epoch; 0 if unknown yet. */
export function stepsPerEpoch(run: RunView, epochs: readonly EpochPoint[]): number {
  if (run.totalSteps > 0 && run.epochs > 0) return run.totalSteps / run.epochs;
  const last = epochs.at(-1);
  return last && last.epoch > 0 && last.step > 0 ? last.step / last.epoch : 0;
}

/**
 * Where a step sits on the x axis. Steps are 0-based, so on the epoch axis step k ends at (k + 1)/spe:
 * the last step of epoch e lands on e, where that epoch's point is.
 */
export function stepX(p: StepPoint, axis: XAxis, spe: number): number {
  if (axis === 'time') return p.t;
  if (axis === 'epoch') return spe > 0 ? (p.step + 1) / spe : p.epoch;
  return p.step;
}

/** An epoch's point sits where the epoch ended: after `step` steps, at epoch e, at time t. */
export function epochX(e: EpochPoint, axis: XAxis): number {
  return axis === 'time' ? e.t : axis === 'epoch' ? e.epoch : e.step;
}

function points(xs: readonly number[], ys: readonly number[], log: boolean): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (Number.isFinite(y) && Number.isFinite(xs[i]) && (!log || y > 0)) out.push({ x: xs[i], y });
  }
  return out;
}

export const TRACE: LineStyle = { alpha: 0.15, width: 1, trace: true };
export const STEP: LineStyle = { alpha: 1, width: 1.5 };

/**
 * A per-step series: with smoothing, a faint raw trace under the smoothed line (as TensorBoard draws it);
 * without, the raw line alone. `main` styles the smoothed (or lone raw) line.
 */
export function stepLines(
  key: string,
  label: string,
  steps: readonly StepPoint[],
  value: (p: StepPoint) => number,
  x: readonly number[],
  o: SeriesOptions,
  main: LineStyle = STEP,
  smoothable = true,
): Line[] {
  const raw = steps.map(value);
  if (!smoothable || o.smoothing === 0) return [{ key, label, points: points(x, raw, o.log), style: main }];
  return [
    { key: `${key}:raw`, label: `${label} (raw)`, points: points(x, raw, o.log), style: TRACE },
    { key, label, points: points(x, smooth(raw, o.smoothing), o.log), style: main },
  ];
}

/** A per-epoch series; epochs where the value is missing (no validation split) are left out. */
export function epochLine(
  key: string,
  label: string,
  epochs: readonly EpochPoint[],
  value: (e: EpochPoint) => number | null | undefined,
  o: SeriesOptions,
  style: LineStyle,
): Line {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const e of epochs) {
    const v = value(e);
    if (v === null || v === undefined) continue;
    xs.push(epochX(e, o.axis));
    ys.push(v);
  }
  return { key, label, points: points(xs, ys, o.log), style };
}
