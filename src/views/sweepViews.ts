/**
 * What the dashboard's sweep card is told about a sweep: its runs by dashboard id and the values they
 * swept, for a sweep the extension starts and for the recorded runs of one (`losslab report`).
 */
import type { RunRecord } from '../core/store/records';
import type { SweepSpec } from '../core/sweep';
import { axisLabels, showValue } from '../core/sweep/expand';
import type { SweepView } from '../protocol/experimentViews';

/** A swept value as a column shows it: numbers stay numbers (for a numeric axis), the rest reads as in run names. */
function sweptValue(v: unknown): number | string {
  return typeof v === 'number' ? v : showValue(v, false);
}

/** `ids[i]` is the dashboard id of the run at `points[i]` (a SweepRun, or a recorded run's RunSweep). */
export function sweepView(
  name: string,
  spec: SweepSpec,
  points: readonly { point: Record<string, unknown> }[],
  ids: readonly string[],
): SweepView {
  const labels = axisLabels(spec.axes);
  return {
    name,
    metric: spec.metric,
    params: spec.axes.map((a, j) => ({ path: a.path, label: labels[j], dist: a.dist.kind })),
    runs: points.map((r, i) => ({ runId: ids[i], values: spec.axes.map((a) => sweptValue(r.point[a.path])) })),
  };
}

/**
 * The sweep that recorded runs form: two or more runs of one sweep and nothing else (a single run has no
 * sweep to compare). null otherwise, and for records that keep no sweep (older ones, `losslab train`).
 */
export function recordedSweepView(records: readonly RunRecord[]): SweepView | null {
  const first = records[0]?.sweep;
  if (records.length < 2 || !first || records.some((r) => r.sweep?.id !== first.id)) return null;
  const name = records[0].meta.experiment ?? 'sweep';
  return sweepView(
    name,
    first.spec,
    records.map((r) => r.sweep!),
    records.map((r) => r.id),
  );
}
