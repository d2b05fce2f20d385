/**
 * The axes of a parallel-coordinates chart, as TensorBoard's HParams draws them: a log axis for a setting
 * sampled log-uniformly or spanning two decades or more, a categorical axis (values evenly spaced, in order)
 * for anything that is not a number, a linear axis otherwise. Each maps a value to [0, 1] (bottom to top).
 * Pure, so the placements are tested against closed forms.
 */
import type { SweepDist } from '../src/protocol/experimentViews';
import { formatNumber } from './format';

export type AxisKind = 'linear' | 'log' | 'categorical';

export interface Tick {
  pos: number;
  label: string;
}

export interface ParallelAxis {
  label: string;
  kind: AxisKind;
  /** Where a value sits, 0 (bottom) to 1 (top); null for a missing one. */
  position(v: number | string | null): number | null;
  ticks: Tick[];
}

/** A ratio of extremes from which a positive numeric axis is drawn on a log scale. */
const DECADES_FOR_LOG = 100;

/**
 * Steps of 1, 2 or 5 times a power of ten giving about `count` ticks across [lo, hi]: d3's `ticks`, which
 * rounds the raw step to the nearest such multiple on a log scale (thresholds √2, √10, √50).
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const step = power * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1);
  const out: number[] = [];
  // Rounded to the step's precision so 0.1 + 0.2 prints as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(digits)));
  return out;
}

/** Categories in a stable, readable order: numbers by value, then text naturally (`[32]` before `[64]`). */
function categoryOrder(values: readonly (number | string)[]): (number | string)[] {
  const distinct = [...new Set(values)];
  const collator = new Intl.Collator(undefined, { numeric: true });
  return distinct.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : typeof a === 'number'
        ? -1
        : typeof b === 'number'
          ? 1
          : collator.compare(a, b),
  );
}

function categorical(label: string, values: readonly (number | string)[]): ParallelAxis {
  const order = categoryOrder(values);
  // Centred in equal bands, so two categories do not sit on the chart's edges.
  const at = (i: number) => (i + 0.5) / order.length;
  return {
    label,
    kind: 'categorical',
    position: (v) => (v === null || !order.includes(v) ? null : at(order.indexOf(v))),
    ticks: order.map((v, i) => ({ pos: at(i), label: typeof v === 'number' ? formatNumber(v) : v })),
  };
}

function numeric(label: string, values: readonly number[], log: boolean): ParallelAxis {
  const f = log ? Math.log10 : (x: number) => x;
  const lo = f(Math.min(...values));
  const hi = f(Math.max(...values));
  const span = hi - lo;
  const position = (v: number | string | null) =>
    typeof v !== 'number' || (log && v <= 0) ? null : span > 0 ? (f(v) - lo) / span : 0.5;
  let marks = log
    ? niceTicks(Math.ceil(lo - 1e-9), Math.floor(hi + 1e-9), Math.max(1, Math.floor(hi) - Math.ceil(lo))).map(
        (e) => 10 ** e,
      )
    : niceTicks(lo, hi);
  // Too few round values inside the range: label its ends instead.
  if (marks.length < 2) marks = span > 0 ? [Math.min(...values), Math.max(...values)] : [values[0]];
  return {
    label,
    kind: log ? 'log' : 'linear',
    position,
    ticks: marks.map((v) => ({ pos: position(v)!, label: formatNumber(v) })),
  };
}

/** The axis of one swept setting (or the metric), from the values the runs took. */
export function buildAxis(
  label: string,
  values: readonly (number | string | null)[],
  dist: SweepDist | null = null,
): ParallelAxis {
  const present = values.filter(
    (v): v is number | string => v !== null && (typeof v === 'string' || Number.isFinite(v)),
  );
  if (present.length === 0) return { label, kind: 'linear', position: () => null, ticks: [] };
  if (present.some((v) => typeof v === 'string')) return categorical(label, present);
  const numbers = present as number[];
  const min = Math.min(...numbers);
  const log = min > 0 && (dist === 'logUniform' || Math.max(...numbers) / min >= DECADES_FOR_LOG);
  return numeric(label, numbers, log);
}
