/**
 * From a run's points to the lines a chart draws: the x of each point for the chosen axis, smoothing,
 * and dropping what an axis cannot show (non-finite values; zero and negatives on a log axis).
 */
import type { EpochPoint, RunView, StepPoint } from '../src/protocol/webview';
import { envelopeBuckets, envelopeEdges } from './envelope';
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
  /** Filled down to the next line of the run (an envelope's upper edge). */
  fillToNext?: boolean;
}

export interface Line {
  /** Stable within a chart and run, so Chart.js keeps its dataset. */
  key: string;
  label: string;
  points: Pt[];
  /** The step of each point (an epoch's point: the steps done by its end), for the synchronized cursor. */
  steps: number[];
  style: LineStyle;
}

export interface SeriesOptions {
  /** TensorBoard smoothing weight in [0, 1). */
  smoothing: number;
  log: boolean;
  /** A logarithmic x axis: points at x <= 0 are dropped. */
  logX?: boolean;
  /**
   * Buckets for a per-step series' min–max envelope (about the chart's width in pixels), or 0 for none;
   * only on an x that rises with the step (see envelope.ts).
   */
  envelope?: number;
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

/** The drawable points and the step of each. */
function points(
  xs: readonly number[],
  ys: readonly number[],
  at: readonly number[],
  o: SeriesOptions,
): Pick<Line, 'points' | 'steps'> {
  const out: Pick<Line, 'points' | 'steps'> = { points: [], steps: [] };
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (Number.isFinite(y) && Number.isFinite(x) && (!o.log || y > 0) && (!o.logX || x > 0)) {
      out.points.push({ x, y });
      out.steps.push(at[i]);
    }
  }
  return out;
}

export const TRACE: LineStyle = { alpha: 0.15, width: 1, trace: true };
export const STEP: LineStyle = { alpha: 1, width: 1.5 };
/** The envelope's upper edge fills down to its lower edge, the next line. */
export const ENVELOPE: LineStyle = { alpha: 0.2, width: 0, trace: true, fillToNext: true };
export const ENVELOPE_EDGE: LineStyle = { alpha: 0.2, width: 0, trace: true };

/**
 * A per-step series: with smoothing, a faint raw trace under the smoothed line (as TensorBoard draws it);
 * without, the raw line alone. `main` styles the smoothed (or lone raw) line. A series of more points
 * than twice its envelope's buckets draws the min–max envelope instead of the raw trace.
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
  const at = steps.map((p) => p.step);
  const rawLine = { key, label, ...points(x, raw, at, o), style: main };
  const buckets = o.envelope ?? 0;
  const enveloped = buckets > 0 && rawLine.points.length > 2 * buckets;
  const under: Line[] = enveloped
    ? envelopeLines(key, label, rawLine, buckets)
    : [{ ...rawLine, key: `${key}:raw`, label: `${label} (raw)`, style: TRACE }];
  if (!smoothable || o.smoothing === 0) return enveloped ? [...under, rawLine] : [rawLine];
  return [...under, { key, label, ...points(x, smooth(raw, o.smoothing), at, o), style: main }];
}

function envelopeLines(key: string, label: string, raw: Line, buckets: number): Line[] {
  const { upper, lower } = envelopeEdges(envelopeBuckets(raw.points, raw.steps, buckets));
  return [
    { key: `${key}:max`, label: `${label} (max)`, ...upper, style: ENVELOPE },
    { key: `${key}:min`, label: `${label} (min)`, ...lower, style: ENVELOPE_EDGE },
  ];
}

/** A per-epoch series at `xs` (one per epoch); epochs where the value is missing (no validation split) are left out. */
export function epochLine(
  key: string,
  label: string,
  epochs: readonly EpochPoint[],
  value: (e: EpochPoint) => number | null | undefined,
  xs: readonly number[],
  o: SeriesOptions,
  style: LineStyle,
): Line {
  const kept: number[] = [];
  const ys: number[] = [];
  const at: number[] = [];
  epochs.forEach((e, i) => {
    const v = value(e);
    if (v === null || v === undefined) return;
    kept.push(xs[i]);
    ys.push(v);
    at.push(e.step);
  });
  return { key, label, ...points(kept, ys, at, o), style };
}
