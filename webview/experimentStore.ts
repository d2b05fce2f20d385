/** What the dashboard's experiment cards show (the sweep, the LR range test, the schedule preview), as the host last sent it. */
import type { LrFindView, SchedulePreviewView, SweepView } from '../src/protocol/experimentViews';
import type { HostToWebview } from '../src/protocol/webview';

export type ExperimentMessage = Extract<HostToWebview, { type: 'sweep' | 'lrFind' | 'schedulePreview' }>;

export class ExperimentStore {
  sweep: SweepView | null = null;
  lrFind: LrFindView | null = null;
  preview: SchedulePreviewView | null = null;

  apply(m: ExperimentMessage): void {
    if (m.type === 'sweep') this.sweep = m.sweep;
    else if (m.type === 'lrFind') this.lrFind = m.lrFind;
    else this.preview = m.preview;
  }
}
