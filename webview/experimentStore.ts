/** What the dashboard's experiment cards show (the sweep, the LR range test, the schedule preview), as the host last sent it. */
import type { LrFindView, SchedulePreviewView, SweepView } from '../src/protocol/experimentViews';
import type { RowsCardView } from '../src/protocol/rowsViews';
import type { HostToWebview } from '../src/protocol/webview';

export type ExperimentMessage = Extract<HostToWebview, { type: 'sweep' | 'lrFind' | 'schedulePreview' | 'rows' }>;

export class ExperimentStore {
  sweep: SweepView | null = null;
  lrFind: LrFindView | null = null;
  preview: SchedulePreviewView | null = null;
  rows: RowsCardView | null = null;

  apply(m: ExperimentMessage): void {
    if (m.type === 'sweep') this.sweep = m.sweep;
    else if (m.type === 'rows') this.rows = m.rows;
    else if (m.type === 'lrFind') this.lrFind = m.lrFind;
    else this.preview = m.preview;
  }
}
