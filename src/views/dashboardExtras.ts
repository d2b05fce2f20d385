/**
 * The dashboard panel's experiment cards as the host holds them (the sweep shown, the latest LR range test,
 * schedule preview and loss between two solutions), resent whenever the panel (re)loads, and the handlers of what those cards ask for.
 */
import type { LrFindView, SchedulePreviewView, SweepView } from '../protocol/experimentViews';
import type { InterpolationView } from '../protocol/solutionViews';
import type { HostToWebview, ToolCardId } from '../protocol/webview';

export class DashboardExtras {
  sweep: SweepView | null = null;
  lrFind: LrFindView | null = null;
  preview: SchedulePreviewView | null = null;
  interpolation: InterpolationView | null = null;
  /** Set by the experiment tools' commands (src/extension/commands/lrFind.ts, tools.ts). */
  useLearningRate: (id: string, lr: number) => void = () => undefined;
  exportPytorch: (runId: string) => void = () => undefined;
  /** Set by the Sample Rows command (src/extension/commands/sampleRows.ts). */
  sampleRows: (runId: string) => void = () => undefined;

  /** A closed card's result is dropped: the panel shows it no more, after a reload either. */
  close(card: ToolCardId): void {
    if (card === 'lrFind') this.lrFind = null;
    else if (card === 'interpolation') this.interpolation = null;
    else this.preview = null;
  }

  messages(): HostToWebview[] {
    return [
      { type: 'sweep', sweep: this.sweep },
      { type: 'lrFind', lrFind: this.lrFind },
      { type: 'schedulePreview', preview: this.preview },
      { type: 'interpolation', interpolation: this.interpolation },
    ];
  }
}
