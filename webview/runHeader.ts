/** The active run at a glance: name, status, epoch x / y, elapsed, ETA, and Pause / Stop while it runs. */
import type { RunView } from '../src/protocol/webview';
import { button, h, setText } from './dom';
import { duration } from '../src/views/duration';
import { formatCount, remainingSeconds } from './format';
import { LrControl } from './lrControl';

type RunStatus = RunView['status'];

export const STATUS_TEXT: Record<RunStatus, string> = {
  running: 'running',
  completed: 'completed',
  early_stopped: 'early stopped',
  diverged: 'diverged',
  cancelled: 'cancelled',
  failed: 'failed',
  interrupted: 'interrupted',
};

export function statusBadge(status: RunStatus, paused = false): HTMLElement {
  return h('span', {
    class: `ll-status ll-status-${paused ? 'paused' : status}`,
    text: paused ? 'paused' : STATUS_TEXT[status],
  });
}

export interface HeaderActions {
  /** False in a static report: there is no run to control. */
  live: boolean;
  stop(runId: string): void;
  pause(runId: string): void;
  resume(runId: string): void;
  /** A new learning rate from the run's next step. */
  setLr(runId: string, lr: number): void;
  /** The run as a standalone PyTorch script, saved where the host's dialog says. */
  exportPytorch(runId: string): void;
  /** A generate run's synthetic rows as a CSV, saved where the host's dialog says. */
  sampleRows(runId: string): void;
  /** A diverged run again from its last good point, at a lower rate the host asks for. */
  restart(runId: string): void;
}

export class RunHeader {
  readonly el: HTMLElement;
  private readonly swatch = h('span', { class: 'll-swatch' });
  private readonly name = h('h1', { class: 'll-run-name' });
  private status = h('span');
  private readonly progressText = h('div', { class: 'll-progress-text' });
  private readonly bar = h('div', { class: 'll-bar-fill' });
  private readonly barBox = h(
    'div',
    { class: 'll-bar', attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' } },
    this.bar,
  );
  private readonly notice = h('div', { class: 'll-notice', attrs: { role: 'status' } });
  private readonly pauseButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly actions: HTMLElement;
  /** For a run that has ended (not in the compact view). */
  private readonly exportButton: HTMLButtonElement;
  /** For a generate run that has ended (its box is shown as the export's is). */
  private readonly sampleButton: HTMLButtonElement;
  /** For a diverged run. */
  private readonly restartButton: HTMLButtonElement;
  /** The views give it the run's current rate (from its latest step). */
  readonly lr: LrControl;
  private runId: string | null = null;
  private paused = false;
  /** A stop was asked for: the buttons wait for the run's new status. */
  private stopping: string | null = null;

  constructor(
    private readonly act: HeaderActions,
    compact: boolean,
  ) {
    this.pauseButton = button('Pause', () => this.onPause(), {
      secondary: true,
      title: 'Pause training after the current step',
    });
    this.stopButton = button('Stop', () => this.onStop(), {
      secondary: true,
      class: 'll-stop',
      title: 'Stop this run (its record so far is kept)',
    });
    this.lr = new LrControl((runId, lr) => act.setLr(runId, lr));
    this.actions = h('div', { class: 'll-actions' }, this.lr.el, this.pauseButton, this.stopButton);
    this.exportButton = button('Export PyTorch script…', () => this.runId && act.exportPytorch(this.runId), {
      secondary: true,
      title:
        'Save a standalone PyTorch script that reproduces this run (same data, preprocessing, initial weights and training)',
    });
    this.sampleButton = button('Sample rows…', () => this.runId && act.sampleRows(this.runId), {
      secondary: true,
      title: "Write rows drawn from this run's generator as a CSV in the data's own columns, units and labels",
    });
    this.restartButton = button('Restart from last good point…', () => this.runId && act.restart(this.runId), {
      title:
        'Continue this run from its last finite checkpoint at a lower learning rate (asked for next), as a new run',
    });
    this.el = h(
      'header',
      { class: compact ? 'll-header ll-header-compact' : 'll-header' },
      h(
        'div',
        { class: 'll-header-main' },
        h('div', { class: 'll-title-row' }, this.swatch, this.name, this.status),
        this.progressText,
        this.barBox,
      ),
      this.actions,
      compact ? null : h('div', { class: 'll-actions' }, this.restartButton, this.sampleButton, this.exportButton),
      this.notice,
    );
  }

  private onPause(): void {
    if (!this.runId) return;
    if (this.paused) this.act.resume(this.runId);
    else this.act.pause(this.runId);
  }

  private onStop(): void {
    if (!this.runId) return;
    this.stopping = this.runId;
    this.act.stop(this.runId);
    this.stopButton.disabled = this.pauseButton.disabled = true;
    setText(this.stopButton, 'Stopping…');
  }

  /** `divergence`: a diverged run's step and last finite values (see views/divergence.ts). */
  update(run: RunView | null, color: string, elapsed: number, paused: boolean, divergence: string | null = null): void {
    this.el.hidden = run === null;
    if (!run) return;
    if (this.stopping !== run.id || run.status !== 'running') {
      this.stopping = null;
      this.stopButton.disabled = this.pauseButton.disabled = false;
      setText(this.stopButton, 'Stop');
    }
    this.runId = run.id;
    this.paused = paused;
    this.swatch.style.backgroundColor = color;
    setText(this.name, run.name);
    this.name.title = run.experiment ? `${run.name} (${run.experiment})` : run.name;
    const badge = statusBadge(run.status, paused && run.status === 'running');
    if (this.status.className !== badge.className || this.status.textContent !== badge.textContent)
      this.status.replaceWith((this.status = badge));

    const running = run.status === 'running';
    const parts = [`Epoch ${run.epoch} / ${run.epochs}`];
    if (run.totalSteps > 0) parts.push(`step ${formatCount(run.step)} / ${formatCount(run.totalSteps)}`);
    parts.push(running ? `${duration(elapsed)} elapsed` : `took ${duration(elapsed)}`);
    if (running) {
      const left = remainingSeconds(elapsed, run.step, run.totalSteps);
      parts.push(paused ? 'ETA paused' : `ETA ${left === null ? '…' : duration(left)}`);
    }
    // Each part stays on one line; a narrow side bar wraps between them.
    const text = parts.join(' · ');
    if (this.progressText.textContent !== text)
      this.progressText.replaceChildren(
        ...parts.flatMap((p, i) => [i ? ' · ' : '', h('span', { class: 'll-nowrap', text: p })]),
      );
    const pct =
      run.totalSteps > 0
        ? Math.min(100, (100 * run.step) / run.totalSteps)
        : run.epochs > 0
          ? (100 * run.epoch) / run.epochs
          : 0;
    this.bar.style.width = `${pct.toFixed(1)}%`;
    this.barBox.setAttribute('aria-valuenow', pct.toFixed(0));
    this.barBox.className = `ll-bar ll-bar-${paused && running ? 'paused' : run.status}`;

    this.actions.hidden = !(this.act.live && running);
    const exportBox = this.exportButton.parentElement;
    if (exportBox) exportBox.hidden = !this.act.live || running;
    setText(this.pauseButton, paused ? 'Resume' : 'Pause');
    this.pauseButton.title = paused ? 'Resume training' : 'Pause training after the current step';
    this.restartButton.hidden = !this.act.live || run.status !== 'diverged';
    this.sampleButton.hidden = run.task !== 'generate' || run.status === 'diverged';
    const notice = [run.message, divergence && `Charts mark it: ${divergence}.`].filter(Boolean).join(' ');
    setText(this.notice, notice);
    this.notice.hidden = !notice;
    this.notice.className = `ll-notice ll-notice-${run.status}`;
  }
}
