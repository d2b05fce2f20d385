/**
 * Holds chart points that arrive faster than the dashboard should redraw, per run, until the next
 * flush; the dashboard flushes on a timer (`lossLab.dashboardRefreshMs`), so a run emitting thousands of
 * steps a second costs the webview about ten messages a second.
 */
import type { ControlPoint, EpochPoint, StepPoint } from '../protocol/webview';

export interface PendingPoints {
  steps: StepPoint[];
  epochs: EpochPoint[];
  controls: ControlPoint[];
  /** The run's series start over with these points (a run started again after its worker was lost). */
  reset: boolean;
}

export class PointBuffer {
  private pending = new Map<string, PendingPoints>();
  private changedRuns = false;

  add(
    runId: string,
    steps: readonly StepPoint[],
    epochs: readonly EpochPoint[],
    controls: readonly ControlPoint[] = [],
  ): void {
    const p = this.pending.get(runId) ?? { steps: [], epochs: [], controls: [], reset: false };
    p.steps.push(...steps);
    p.epochs.push(...epochs);
    p.controls.push(...controls);
    this.pending.set(runId, p);
  }

  /** The run's points so far are void: the next flush replaces its series with what arrives from now on. */
  reset(runId: string): void {
    this.pending.set(runId, { steps: [], epochs: [], controls: [], reset: true });
    this.changedRuns = true;
  }

  /** Run state changed (status, progress): the next flush resends the run list. */
  markRunsChanged(): void {
    this.changedRuns = true;
  }

  /** Everything held since the last flush, and whether the run list must be resent; then empty. */
  take(): { runsChanged: boolean; points: Map<string, PendingPoints> } {
    const out = { runsChanged: this.changedRuns, points: this.pending };
    this.pending = new Map();
    this.changedRuns = false;
    return out;
  }
}
