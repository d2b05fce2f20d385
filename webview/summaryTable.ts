/**
 * The runs side by side: status, loss, optimizer, learning rate, final and best values, duration, then
 * every setting that differs between the runs (highlighted, like the shown columns that differ).
 */
import type { EpochPoint, RunView } from '../src/protocol/webview';
import { configText, differingKeys } from './configDiff';
import { h } from './dom';
import { duration } from '../src/views/duration';
import { formatNumber } from './format';
import { bestOf } from '../src/views/metrics';
import { statusBadge } from './runHeader';

export interface TableContext {
  runs: readonly RunView[];
  epochs: (id: string) => readonly EpochPoint[];
  colorOf: (id: string) => string;
  elapsed: (run: RunView) => number;
  hidden: ReadonlySet<string>;
  activeId: string | null;
  metric: string | null;
  paused: ReadonlySet<string>;
  /** Null in a static report (nothing to open). */
  openRun: ((id: string) => void) | null;
  select: (id: string) => void;
}

/** Settings that have a column of their own. */
const SHOWN = { loss: 'loss.name', optimizer: 'optimizer.name', lr: 'optimizer.lr' } as const;
const NOT_DIFFS = new Set<string>(['name', ...Object.values(SHOWN)]);

function cell(text: string, cls = '', title?: string): HTMLTableCellElement {
  return h('td', { class: cls, text, title });
}

export class SummaryTable {
  readonly el: HTMLElement;
  private readonly table = h('table', { class: 'll-table' });
  /** The duration cells of running runs, advanced every second without rebuilding the table. */
  private clocks: { run: RunView; cell: HTMLTableCellElement }[] = [];

  constructor() {
    this.el = h(
      'section',
      { class: 'll-runs' },
      h('h2', { class: 'll-section-title', text: 'Runs' }),
      h('div', { class: 'll-table-scroll' }, this.table),
    );
  }

  tick(elapsed: (run: RunView) => number): void {
    for (const { run, cell } of this.clocks) cell.textContent = duration(elapsed(run));
  }

  update(c: TableContext): void {
    this.clocks = [];
    this.el.hidden = c.runs.length === 0;
    const diffs = new Set(differingKeys(c.runs.map((r) => r.config)));
    const extra = [...diffs].filter((k) => !NOT_DIFFS.has(k));
    const hl = (key: string) => (diffs.has(key) ? 'll-diff' : '');
    const metric = c.metric;
    const head = h(
      'tr',
      {},
      h('th', { class: 'll-col-swatch', attrs: { scope: 'col', 'aria-label': 'color' } }),
      ...['Run', 'Status'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })),
      h('th', { text: 'Loss', class: hl(SHOWN.loss), attrs: { scope: 'col' } }),
      h('th', { text: 'Optimizer', class: hl(SHOWN.optimizer), attrs: { scope: 'col' } }),
      h('th', { text: 'LR', class: `ll-num ${hl(SHOWN.lr)}`, attrs: { scope: 'col' } }),
      ...['Epochs', 'Train loss', 'Val loss'].map((t) =>
        h('th', { text: t, class: 'll-num', attrs: { scope: 'col' } }),
      ),
      ...(metric
        ? [
            h('th', { text: metric, class: 'll-num', attrs: { scope: 'col' } }),
            h('th', { text: `best ${metric}`, class: 'll-num', attrs: { scope: 'col' } }),
          ]
        : []),
      h('th', { text: 'Duration', class: 'll-num', attrs: { scope: 'col' } }),
      ...extra.map((k) =>
        h('th', { text: k, class: 'll-diff', title: 'Differs between the runs', attrs: { scope: 'col' } }),
      ),
    );
    const rows = c.runs.map((run) => {
      const epochs = c.epochs(run.id);
      const last = epochs.at(-1);
      const trainLoss = run.final?.trainLoss ?? last?.trainLoss ?? null;
      const valLoss = run.final ? run.final.valLoss : (last?.valLoss ?? null);
      const swatch = h('span', { class: 'll-swatch' });
      swatch.style.backgroundColor = c.colorOf(run.id);
      const name = c.openRun
        ? h('button', {
            class: 'll-link',
            text: run.name,
            title: `Open run ${run.id}`,
            attrs: { type: 'button' },
            on: { click: (e) => (e.stopPropagation(), c.openRun?.(run.id)) },
          })
        : h('span', { text: run.name, title: run.id });
      const cfg = run.config;
      const metricCells: HTMLTableCellElement[] = [];
      if (metric) {
        const final = run.final?.metrics[metric] ?? last?.metrics[metric];
        const best = bestOf(epochs, metric);
        metricCells.push(
          cell(formatNumber(final ?? null), 'll-num'),
          cell(
            best ? `${formatNumber(best.value)} @ ${best.epoch}` : '—',
            'll-num',
            best ? `epoch ${best.epoch}` : undefined,
          ),
        );
      }
      const time = cell(duration(c.elapsed(run)), 'll-num');
      if (run.status === 'running') this.clocks.push({ run, cell: time });
      const monitor = run.best
        ? `best ${run.best.monitor} ${formatNumber(run.best.value)} at epoch ${run.best.epoch}`
        : undefined;
      return h(
        'tr',
        {
          class: [c.hidden.has(run.id) ? 'll-row-hidden' : '', run.id === c.activeId ? 'll-row-active' : '']
            .filter(Boolean)
            .join(' '),
          title: [run.message, monitor].filter(Boolean).join('\n') || undefined,
          on: { click: () => c.select(run.id) },
        },
        h('td', { class: 'll-col-swatch' }, swatch),
        h('td', { class: 'll-col-name' }, name),
        h('td', {}, statusBadge(run.status, run.status === 'running' && c.paused.has(run.id))),
        cell(configText(cfg[SHOWN.loss]), hl(SHOWN.loss)),
        cell(configText(cfg[SHOWN.optimizer]), hl(SHOWN.optimizer)),
        cell(
          typeof cfg[SHOWN.lr] === 'number' ? formatNumber(cfg[SHOWN.lr] as number) : configText(cfg[SHOWN.lr]),
          `ll-num ${hl(SHOWN.lr)}`,
        ),
        cell(`${run.epoch} / ${run.epochs}`, 'll-num'),
        cell(formatNumber(trainLoss), 'll-num'),
        cell(formatNumber(valLoss), 'll-num'),
        ...metricCells,
        time,
        ...extra.map((k) => cell(configText(cfg[k]), 'll-diff')),
      );
    });
    this.table.replaceChildren(h('thead', {}, head), h('tbody', {}, ...rows));
  }
}
