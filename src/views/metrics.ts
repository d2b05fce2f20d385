/** The metric names a run can report (see src/core/metricNames.ts), in the order the dashboard lists them. */
import { METRIC_DISPLAY_ORDER, lowerIsBetter } from '../core/metricNames';
import type { EpochPoint } from '../protocol/webview';

/** Classification first, then regression, then embeddings; the headline metric of each task leads. */
const ORDER: readonly string[] = METRIC_DISPLAY_ORDER;

/** The prefix of a metric that stands for every target of a multitask run (`each/loss`: every `target/loss`). */
export const EACH_TARGET = 'each/';

/** The metric names that `name` stands for among `names`: itself, or for `each/m` every `target/m`. */
export function metricsOf(name: string, names: Iterable<string>): string[] {
  if (!name.startsWith(EACH_TARGET)) return [name];
  const suffix = name.slice(EACH_TARGET.length - 1);
  return [...names].filter((n) => n.endsWith(suffix) && !n.startsWith(EACH_TARGET));
}

/**
 * Every metric name in the epochs of all runs: known ones in ORDER, unknown ones after, alphabetically;
 * for multitask runs first `each/loss` and `each/weight`, every target's loss and weight on one chart.
 */
export function metricNames(epochLists: readonly (readonly EpochPoint[])[]): string[] {
  const seen = new Set<string>();
  for (const epochs of epochLists) for (const e of epochs) for (const k of Object.keys(e.metrics)) seen.add(k);
  const known = ORDER.filter((k) => seen.has(k));
  const other = [...seen].filter((k) => !ORDER.includes(k)).sort();
  const each = ['loss', 'weight'].map((m) => `${EACH_TARGET}${m}`).filter((m) => metricsOf(m, seen).length > 0);
  return [...each, ...known, ...other];
}

/** The chosen metric if the runs have it, else the first listed (the task's headline metric). */
export function pickMetric(chosen: string | null, available: readonly string[]): string | null {
  return chosen !== null && available.includes(chosen) ? chosen : (available[0] ?? null);
}

/** The best value of a metric over the epochs (the first epoch that reached it), and when. */
export function bestOf(epochs: readonly EpochPoint[], metric: string): { value: number; epoch: number } | null {
  const lower = lowerIsBetter(metric);
  let best: { value: number; epoch: number } | null = null;
  for (const e of epochs) {
    const v = e.metrics[metric];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (!best || (lower ? v < best.value : v > best.value)) best = { value: v, epoch: e.epoch };
  }
  return best;
}
