/**
 * The loss between two solutions: the training and validation loss along θ(α) = (1 − α)·θ_A + α·θ_B, with
 * the two solutions themselves (α = 0 and α = 1) marked and named, their losses written out beneath.
 */
import type { InterpolationView, SolutionEnd } from '../src/protocol/solutionViews';
import type { LineDataset } from './chartData';
import { h } from './dom';
import { formatNumber } from './format';
import type { Theme } from './theme';
import { ToolCard } from './toolCard';

const WEIGHTS: Record<SolutionEnd['weights'], string> = {
  initial: 'initial weights',
  final: 'final weights',
  best: 'restored best weights',
};

/** "run (final weights)". */
export function endLabel(end: SolutionEnd): string {
  return `${end.name} (${WEIGHTS[end.weights]})`;
}

export class InterpolationCard {
  readonly card: ToolCard<InterpolationView>;
  private readonly key = h('div', { class: 'll-key' });
  private view: InterpolationView | null = null;
  private theme: Theme | null = null;
  private drawn: [InterpolationView | null, Theme | null, boolean] = [null, null, false];

  constructor(exportPng: (name: string, dataUrl: string) => void, close: () => void) {
    this.card = new ToolCard(
      'll-card-interpolation',
      'losslab-loss-between-solutions.png',
      exportPng,
      () => this.draw(),
      close,
    );
    this.card.el.insertBefore(this.key, this.card.el.children[1]);
  }

  update(view: InterpolationView | null, theme: Theme): void {
    this.view = view;
    this.theme = theme;
    if (this.card.present(view)) this.draw();
  }

  private draw(): void {
    const { view, theme } = this;
    if (!view || !theme) return;
    if (this.drawn[0] === view && this.drawn[1] === theme && this.drawn[2] === this.card.log) return;
    this.drawn = [view, theme, this.card.log];
    const [blue, orange] = theme.palette;
    const line = (label: string, ys: (number | null)[], color: string, dash: number[]): LineDataset => ({
      type: 'line',
      label,
      data: view.alpha.flatMap((x, i) => (ys[i] === null ? [] : [{ x, y: ys[i] }])),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2 * theme.lineScale,
      borderDash: dash,
      // The two solutions are the line's ends: drawn as points, the blends between them as a line.
      pointRadius: (c) => (c.dataIndex === 0 || c.dataIndex === view.alpha.length - 1 ? 6 : 0),
      pointStyle: 'rectRot',
      pointBackgroundColor: color,
      pointBorderColor: theme.background,
    });
    const hasVal = view.valLoss.some((v) => v !== null);
    const datasets = [
      line('train loss', view.trainLoss, blue, []),
      ...(hasVal ? [line('val loss', view.valLoss, orange, [6, 3])] : []),
    ];
    const o = this.card.options(theme, { log: false, title: 'α' });
    Object.assign(o.scales!.x!, { min: 0, max: 1 });
    o.scales!.y!.title = { display: true, text: `${view.loss} loss`, color: theme.muted };
    o.plugins!.tooltip!.callbacks!.title = (items) => (items.length ? `α = ${formatNumber(items[0].parsed.x)}` : '');
    this.card.chart.options = o;
    this.card.chart.data.datasets = datasets;
    this.card.chart.update('none');
    this.card.setTitle(`Loss between two solutions · ${view.loss}`);
    this.key.replaceChildren(
      ...datasets.map((d) => {
        const swatch = h('span', { class: 'll-swatch' });
        swatch.style.backgroundColor = d.borderColor as string;
        return h('span', { class: 'll-key-item' }, swatch, d.label ?? '');
      }),
    );
    const last = view.alpha.length - 1;
    const at = (i: number, end: SolutionEnd) =>
      h('p', {
        class: 'll-interpolation-end',
        text: `α = ${view.alpha[i]}: ${endLabel(end)} · train loss ${formatNumber(view.trainLoss[i])}${hasVal ? ` · val loss ${formatNumber(view.valLoss[i])}` : ''}`,
        attrs: { 'data-alpha': String(view.alpha[i]), 'data-run': end.runId },
      });
    this.card.notes.replaceChildren(
      at(0, view.from),
      at(last, view.to),
      h('p', {
        text: `The straight line between the two sets of weights, scored in evaluation mode on ${view.from.name}'s rows at ${view.alpha.length} values of α (Goodfellow et al. 2015).`,
      }),
    );
  }

  destroy(): void {
    this.card.destroy();
  }
}
