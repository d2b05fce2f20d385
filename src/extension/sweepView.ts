/** What the dashboard's sweep card is told about a sweep: its runs by dashboard id and the values they swept. */
import type { SweepRun, SweepSpec } from '../core/sweep';
import { axisLabels, showValue } from '../core/sweep/expand';
import type { SweepView } from '../views/experimentViews';

/** A swept value as a column shows it: numbers stay numbers (for a numeric axis), the rest reads as in run names. */
export function sweptValue(v: unknown): number | string {
  return typeof v === 'number' ? v : showValue(v, false);
}

/** `ids[i]` is the dashboard id of `runs[i]`. */
export function sweepView(name: string, spec: SweepSpec, runs: readonly SweepRun[], ids: readonly string[]): SweepView {
  const labels = axisLabels(spec.axes);
  return {
    name,
    metric: spec.metric,
    params: spec.axes.map((a, j) => ({ path: a.path, label: labels[j], dist: a.dist.kind })),
    runs: runs.map((r, i) => ({ runId: ids[i], values: spec.axes.map((a) => sweptValue(r.point[a.path])) })),
  };
}

/** The same sweep with its runs renamed (live keys become run folders once recorded); runs `rename` drops are left out. */
export function renameSweepRuns(view: SweepView, rename: (id: string) => string | null): SweepView {
  const runs = view.runs.flatMap((r) => {
    const id = rename(r.runId);
    return id === null ? [] : [{ ...r, runId: id }];
  });
  return { ...view, runs };
}
