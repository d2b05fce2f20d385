/**
 * What the dashboard's experiment cards show (the sweep, the LR range test, the schedule preview, the loss
 * between two solutions), as the host last sent it.
 */
import type { LrFindView, SchedulePreviewView, SweepView } from '../src/protocol/experimentViews';
import type { RowsCardView } from '../src/protocol/rowsViews';
import type { InterpolationView } from '../src/protocol/solutionViews';
import type { HostToWebview } from '../src/protocol/webview';

export type ExperimentMessage = Extract<
  HostToWebview,
  { type: 'sweep' | 'lrFind' | 'schedulePreview' | 'rows' | 'interpolation' }
>;

export class ExperimentStore {
  sweep: SweepView | null = null;
  lrFind: LrFindView | null = null;
  preview: SchedulePreviewView | null = null;
  rows: RowsCardView | null = null;
  interpolation: InterpolationView | null = null;

  apply(m: ExperimentMessage): void {
    if (m.type === 'sweep') this.sweep = m.sweep;
    else if (m.type === 'rows') this.rows = m.rows;
    else if (m.type === 'lrFind') this.lrFind = m.lrFind;
    else if (m.type === 'interpolation') this.interpolation = m.interpolation;
    else this.preview = m.preview;
  }
}
