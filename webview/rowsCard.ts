/**
 * The Rows card: each shown run's training rows by loss (a histogram on log-spaced bins, every run on the
 * same bins so that, say, MSE and Huber overlay), the share of the gradient the 1% largest-loss rows carry,
 * and each run's rows carrying the most; clicking a line opens the CSV there with the row losses shown.
 */
import type { RowsCardView, RunRowsView } from '../src/protocol/rowsViews';
import type { LineDataset } from './chartData';
import { button, h } from './dom';
import { formatCount, formatNumber } from './format';
import type { Theme } from './theme';
import { ToolCard } from './toolCard';

export interface RowsHooks {
  /** False in a static report: there is no editor to open. */
  live: boolean;
  openLine(runId: string, line: number): void;
  exportPng(name: string, dataUrl: string): void;
  colorOf(runId: string): string;
}

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

export class RowsCard {
  readonly card: ToolCard<RowsCardView>;
  private readonly tables = h('div', { class: 'll-rows-tables' });
  private view: RowsCardView | null = null;
  private theme: Theme | null = null;

  constructor(private readonly hooks: RowsHooks) {
    this.card = new ToolCard(
      'll-card-rows',
      'losslab-row-losses.png',
      hooks.exportPng,
      () => this.draw(),
      () => undefined,
    );
    this.card.el.append(this.tables);
  }

  update(view: RowsCardView | null, theme: Theme): void {
    const changed = view !== this.view || theme !== this.theme;
    this.view = view;
    this.theme = theme;
    if (this.card.present(view) && changed) this.draw();
  }

  private draw(): void {
    const { view, theme } = this;
    if (!view || !theme) return;
    const { edges } = view;
    const centers = edges.slice(0, -1).map((lo, i) => Math.sqrt(lo * edges[i + 1]));
    const datasets: LineDataset[] = view.runs.map((run) => {
      const color = this.hooks.colorOf(run.runId);
      return {
        type: 'line',
        label: `${run.name} (${run.loss})`,
        data: centers.map((x, i) => ({ x, y: run.counts[i] })),
        stepped: 'middle',
        borderColor: color,
        backgroundColor: color,
        pointBackgroundColor: color,
        borderWidth: 2 * theme.lineScale,
        pointRadius: 0,
      } as LineDataset;
    });
    const o = this.card.options(theme, { log: true, title: 'loss of a training row' });
    o.plugins!.tooltip!.callbacks!.title = (items) =>
      items.length
        ? `loss ${formatNumber(edges[items[0].dataIndex])} to ${formatNumber(edges[items[0].dataIndex + 1])}`
        : '';
    o.scales!.y!.title = { display: true, text: 'rows', color: theme.muted };
    this.card.chart.options = o;
    this.card.chart.data.datasets = datasets;
    this.card.chart.update('none');
    this.card.setTitle('Rows that drive the training');
    this.card.notes.replaceChildren(...view.runs.map((r) => h('p', { text: summary(r) })));
    this.tables.replaceChildren(...view.runs.map((r) => this.table(r)));
  }

  private table(run: RunRowsView): HTMLElement {
    const head = h('tr', {}, ...['line', 'target', 'prediction', 'loss', 'share'].map((t) => h('th', { text: t })));
    const rows = run.top.map((row) => {
      const line = this.hooks.live
        ? button(String(row.line), () => this.hooks.openLine(run.runId, row.line), {
            secondary: true,
            class: 'll-tool ll-row-line',
            title: 'Open the CSV at this line, with the row losses shown',
          })
        : h('span', { text: String(row.line) });
      line.dataset.line = String(row.line);
      return h(
        'tr',
        {},
        h('td', {}, line),
        h('td', { text: row.target }),
        h('td', { text: row.prediction }),
        h('td', { text: formatNumber(row.loss) }),
        h('td', { text: percent(row.share) }),
      );
    });
    return h(
      'div',
      { class: 'll-rows-run', attrs: { 'data-run': run.runId } },
      h('h3', { class: 'll-card-note', text: `${run.name} · ${run.loss}: the rows carrying the most gradient` }),
      h('table', { class: 'll-table' }, h('thead', {}, head), h('tbody', {}, ...rows)),
    );
  }

  destroy(): void {
    this.card.destroy();
  }
}

function summary(r: RunRowsView): string {
  const at = r.weights === 'epoch' ? `after epoch ${r.epoch}` : `${r.weights} weights (epoch ${r.epoch})`;
  const zeros = r.zeros ? `; ${formatCount(r.zeros)} rows of loss 0 are not on the log axis` : '';
  return (
    `${r.name} · ${r.loss}: the 1% of rows with the largest loss carry ${percent(r.top1pctLossShare)} of the gradient ` +
    `(the 1% carrying most: ${percent(r.top1pctShare)}); ${formatCount(r.rows)} training rows ${at}, mean loss ${formatNumber(r.meanLoss)}${zeros}.`
  );
}
