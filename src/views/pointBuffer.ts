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
    const p = this.pending.get(runId) ?? { steps: [], epochs: [], controls: [] };
    p.steps.push(...steps);
    p.epochs.push(...epochs);
    p.controls.push(...controls);
    this.pending.set(runId, p);
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
