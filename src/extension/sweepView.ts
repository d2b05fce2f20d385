/**
 * A sweep started in VS Code: its runs' records, and the dashboard's view of it across reloads. How a
 * SweepView is built is in src/views/sweepViews.ts.
 */
import { randomUUID } from 'node:crypto';
import type { SweepSpec } from '../core/sweep';
import { writeRunSweep } from '../core/store/runStore';
import type { SweepView } from '../views/experimentViews';
import type { LiveRun, RunManager } from './runManager';

/**
 * Writes each run's sweep.json once its folder exists, as `losslab sweep` does, so that a report of the
 * runs or the Runs view knows the sweep they were one of. `points[i]` is `runs[i]`'s point.
 */
export function recordSweep(manager: RunManager, spec: SweepSpec, runs: readonly LiveRun[], points: readonly Record<string, unknown>[]): void {
  const id = randomUUID();
  const pending = new Map(runs.map((r, i) => [r, points[i]]));
  const onChange = (run: LiveRun) => {
    const point = pending.get(run);
    if (point === undefined) return;
    if (run.runDir) writeRunSweep(run.runDir, { id, spec, point });
    // Recorded, or ended without a folder (it failed before it started).
    if (run.runDir || !run.active) pending.delete(run);
    if (pending.size === 0) manager.off('change', onChange);
  };
  manager.on('change', onChange);
}

/** The same sweep with its runs renamed (live keys become run folders once recorded); runs `rename` drops are left out. */
export function renameSweepRuns(view: SweepView, rename: (id: string) => string | null): SweepView {
  const runs = view.runs.flatMap((r) => {
    const id = rename(r.runId);
    return id === null ? [] : [{ ...r, runId: id }];
  });
  return { ...view, runs };
}
