/**
 * The learning-rate range test: the smoothed loss against the rate (log x), the suggestion marked where
 * the loss falls fastest, the run's current rate beside it. Clicking the curve picks another rate;
 * "Use" asks the host to write the picked (or suggested) rate into the experiment file.
 */
import type { LrFindView } from '../src/protocol/experimentViews';
import type { LineDataset } from './chartData';
import { button, h, setText } from './dom';
import { formatNumber } from './format';
import type { Marker } from './markers';
import type { Theme } from './theme';
import { ToolCard } from './toolCard';

export interface LrFindHooks {
  /** False in a static report: nothing to write to. */
  live: boolean;
  use(id: string, lr: number): void;
  exportPng(name: string, dataUrl: string): void;
  close(): void;
}

/** The index of the tested rate nearest `lr` on a log scale. */
function nearestRate(lrs: readonly number[], lr: number): number {
  let best = 0;
  for (let i = 1; i < lrs.length; i++)
    if (Math.abs(Math.log(lrs[i] / lr)) < Math.abs(Math.log(lrs[best] / lr))) best = i;
  return best;
}

export class LrFindCard {
  readonly card: ToolCard<LrFindView>;
  private readonly useButton: HTMLButtonElement;
  private view: LrFindView | null = null;
  private picked: number | null = null;
  private theme: Theme | null = null;
  private drawn = '';

  constructor(private readonly hooks: LrFindHooks) {
    this.card = new ToolCard(
      'll-card-lrfind',
      'losslab-lr-range-test.png',
      hooks.exportPng,
      () => this.draw(true),
      hooks.close,
    );
    this.useButton = button('Use', () => this.use(), {});
    this.card.actions.append(this.useButton);
    this.card.chart.canvas.addEventListener('click', (e) => this.pick(e));
  }

  private pick(e: MouseEvent): void {
    const view = this.view;
    const { x } = this.card.chart.scales;
    if (!view || !x || !view.lrs.length) return;
    const rect = this.card.chart.canvas.getBoundingClientRect();
    const lr = x.getValueForPixel(e.clientX - rect.left);
    if (lr === undefined || !(lr > 0)) return;
    this.picked = nearestRate(view.lrs, lr);
    this.draw(true);
  }

  /** The rate "Use" writes: the picked one, else the suggestion. */
  private chosen(): number | null {
    const view = this.view;
    if (!view) return null;
    return this.picked !== null ? view.lrs[this.picked] : view.suggestion;
  }

  private use(): void {
    const lr = this.chosen();
    if (this.view && lr !== null) this.hooks.use(this.view.id, lr);
  }

  update(view: LrFindView | null, theme: Theme): void {
    if (view !== this.view) {
      if (view?.id !== this.view?.id) this.picked = null;
      this.view = view;
    }
    const themeChanged = theme !== this.theme;
    this.theme = theme;
    if (this.card.present(view)) this.draw(themeChanged);
  }

  private draw(force: boolean): void {
    const view = this.view;
    const theme = this.theme;
    if (!view || !theme) return;
    const key = `${view.id}|${view.currentLr}|${this.picked}|${this.card.log}`;
    if (!force && key === this.drawn) return;
    this.drawn = key;
    const [blue, orange] = theme.palette;
    const points = view.lrs.map((lr, i) => ({ x: lr, y: view.losses[i] }));
    const dot = (i: number | null, fill: string, label: string): LineDataset[] =>
      i === null
        ? []
        : [
            {
              type: 'line',
              label,
              data: [points[i]],
              showLine: false,
              pointRadius: 5,
              pointHoverRadius: 6,
              pointBackgroundColor: fill,
              pointBorderColor: theme.background,
              pointBorderWidth: 2,
              borderColor: fill,
              backgroundColor: fill,
            },
          ];
    const suggestion = view.suggestion === null ? null : nearestRate(view.lrs, view.suggestion);
    const datasets: LineDataset[] = [
      ...dot(this.picked, theme.foreground, 'picked'),
      ...dot(suggestion, orange, 'suggested'),
      {
        type: 'line',
        label: 'smoothed loss',
        data: points,
        borderColor: blue,
        backgroundColor: blue,
        pointBackgroundColor: blue,
        borderWidth: 2 * theme.lineScale,
        pointRadius: 0,
      },
    ];
    const markers: Marker[] = [];
    if (view.suggestion !== null)
      markers.push({ x: view.suggestion, label: `suggested ${formatNumber(view.suggestion)}`, color: orange });
    if (view.currentLr !== null)
      markers.push({ x: view.currentLr, label: `current ${formatNumber(view.currentLr)}`, color: theme.muted });
    if (this.picked !== null)
      markers.push({
        x: view.lrs[this.picked],
        label: `picked ${formatNumber(view.lrs[this.picked])}`,
        color: theme.foreground,
      });
    const o = this.card.options(theme, { log: true, title: 'learning rate' });
    o.plugins!.markers = { lines: markers, background: theme.background };
    o.scales!.y!.title = { display: true, text: 'smoothed loss', color: theme.muted };
    this.card.chart.options = o;
    this.card.chart.data.datasets = datasets;
    this.card.chart.update('none');

    this.card.setTitle(`Learning-rate range test · ${view.title}`);
    const lines = [
      view.suggestion === null
        ? `No suggestion: ${view.note ?? 'the loss did not fall'}.`
        : `Suggested ${formatNumber(view.suggestion)}: where the smoothed loss falls fastest. Click the curve to pick another rate.`,
      `${view.lrs.length} steps from ${formatNumber(view.lrs[0])} to ${formatNumber(view.lrs.at(-1))}${view.stopped ? `; stopped early: ${view.stopped}` : ''}.`,
    ];
    this.card.notes.replaceChildren(...lines.map((text) => h('p', { text })));
    const lr = this.chosen();
    this.useButton.hidden = !this.hooks.live || !view.writable;
    this.useButton.disabled = lr === null || lr === view.currentLr;
    setText(this.useButton, lr === null ? 'Use this learning rate' : `Use this learning rate (${formatNumber(lr)})`);
    this.useButton.title =
      "Write it into the experiment file as this run's optimizer.lr (undoable), or preselect it for the CSV";
  }

  destroy(): void {
    this.card.destroy();
  }
}
