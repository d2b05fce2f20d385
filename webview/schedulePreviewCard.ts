/** Schedule preview: lr(t) of every run of an experiment file over its real number of steps, overlaid, without training. */
import type { SchedulePreviewView } from '../src/protocol/experimentViews';
import type { LineDataset } from './chartData';
import { h } from './dom';
import { formatCount } from './format';
import type { Theme } from './theme';
import { ToolCard } from './toolCard';

export class SchedulePreviewCard {
  readonly card: ToolCard<SchedulePreviewView>;
  private readonly key = h('div', { class: 'll-key' });
  private view: SchedulePreviewView | null = null;
  private theme: Theme | null = null;
  private drawn: [SchedulePreviewView | null, Theme | null, boolean] = [null, null, false];

  constructor(exportPng: (name: string, dataUrl: string) => void, close: () => void) {
    this.card = new ToolCard('ll-card-schedule', 'losslab-schedule-preview.png', exportPng, () => this.draw(), close);
    this.card.el.insertBefore(this.key, this.card.el.children[1]);
  }

  update(view: SchedulePreviewView | null, theme: Theme): void {
    this.view = view;
    this.theme = theme;
    if (this.card.present(view)) this.draw();
  }

  private draw(): void {
    const { view, theme } = this;
    if (!view || !theme) return;
    if (this.drawn[0] === view && this.drawn[1] === theme && this.drawn[2] === this.card.log) return;
    this.drawn = [view, theme, this.card.log];
    const colorOf = (i: number) => theme.palette[i % theme.palette.length];
    const datasets: LineDataset[] = view.schedules.map((s, i) => ({
      type: 'line',
      label: s.name,
      data: s.lrs.map((y, x) => ({ x, y })),
      borderColor: colorOf(i),
      backgroundColor: colorOf(i),
      pointBackgroundColor: colorOf(i),
      borderWidth: 2 * theme.lineScale,
      pointRadius: 0,
      // Runs with the same schedule would hide each other; a dash per run keeps each visible.
      borderDash: i === 0 ? [] : [8, 3 + i],
    }));
    const o = this.card.options(theme, { log: false, title: 'step' });
    o.scales!.y!.title = { display: true, text: 'learning rate', color: theme.muted };
    this.card.chart.options = o;
    this.card.chart.data.datasets = datasets;
    this.card.chart.update('none');
    this.card.setTitle(`Schedule preview · ${view.title}`);
    this.key.replaceChildren(
      ...view.schedules.map((s, i) => {
        const swatch = h('span', { class: 'll-swatch' });
        swatch.style.backgroundColor = colorOf(i);
        return h(
          'span',
          { class: 'll-key-item' },
          swatch,
          `${s.name} · ${s.schedule}, ${formatCount(s.lrs.length)} steps (${s.stepsPerEpoch}/epoch)`,
        );
      }),
    );
    const notes = view.schedules.filter((s) => s.note).map((s) => `${s.name}: ${s.note}`);
    this.card.notes.replaceChildren(
      ...["Computed from each run's settings and its number of training rows, without training.", ...notes].map(
        (text) => h('p', { text }),
      ),
    );
  }

  destroy(): void {
    this.card.destroy();
  }
}
