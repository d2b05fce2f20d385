/** The sweep's runs as a sortable table: rank, run, one column per swept setting, the metric's final and best values, status. */
import type { SweepParamView } from '../src/protocol/experimentViews';
import { h } from './dom';
import { formatNumber } from './format';
import { statusBadge } from './runHeader';
import { type SortKey, type SweepRow, sortRows } from '../src/views/sweepRanking';

export interface SweepTableInput {
  rows: readonly SweepRow[];
  params: readonly SweepParamView[];
  metric: string;
  activeId: string | null;
  hidden: ReadonlySet<string>;
  colorOf: (id: string) => string;
  select: (id: string) => void;
}

const sameKey = (a: SortKey, b: SortKey) =>
  a.column === b.column && (a.column !== 'param' || (b.column === 'param' && a.index === b.index));

export function showValue(v: number | string | null | undefined): string {
  return typeof v === 'number' ? formatNumber(v) : (v ?? '—');
}

export class SweepTable {
  readonly el: HTMLElement;
  private readonly table = h('table', { class: 'll-table ll-sweep-table' });
  private sort: { key: SortKey; descending: boolean } = { key: { column: 'rank' }, descending: false };
  private last: SweepTableInput | null = null;

  constructor() {
    this.el = h('div', { class: 'll-table-scroll' }, this.table);
  }

  private header(label: string, key: SortKey, cls = ''): HTMLTableCellElement {
    const on = sameKey(key, this.sort.key);
    const arrow = on ? (this.sort.descending ? ' ▼' : ' ▲') : '';
    const button = h('button', {
      class: 'll-sort',
      text: `${label}${arrow}`,
      title: `Sort by ${label}`,
      attrs: { type: 'button' },
    });
    button.addEventListener('click', () => {
      this.sort = { key, descending: on ? !this.sort.descending : false };
      if (this.last) this.update(this.last);
    });
    return h(
      'th',
      {
        class: cls,
        attrs: { scope: 'col', 'aria-sort': on ? (this.sort.descending ? 'descending' : 'ascending') : 'none' },
      },
      button,
    );
  }

  update(input: SweepTableInput): void {
    this.last = input;
    const { metric } = input;
    const head = h(
      'tr',
      {},
      h('th', { class: 'll-col-swatch', attrs: { scope: 'col', 'aria-label': 'color' } }),
      this.header('#', { column: 'rank' }, 'll-num'),
      this.header('Run', { column: 'name' }),
      ...input.params.map((p, index) => this.header(p.label, { column: 'param', index }, 'll-num')),
      this.header(metric, { column: 'final' }, 'll-num'),
      this.header(`best ${metric}`, { column: 'best' }, 'll-num'),
      this.header('Status', { column: 'status' }),
    );
    const rows = sortRows(input.rows, this.sort.key, this.sort.descending).map((r) => {
      const swatch = h('span', { class: 'll-swatch' });
      swatch.style.backgroundColor = input.colorOf(r.run.id);
      const cls = [
        r.run.id === input.activeId ? 'll-row-active' : '',
        r.rank === 1 ? 'll-row-best' : '',
        input.hidden.has(r.run.id) ? 'll-row-hidden' : '',
      ];
      return h(
        'tr',
        {
          class: cls.filter(Boolean).join(' '),
          title: r.run.message ?? undefined,
          on: { click: () => input.select(r.run.id) },
        },
        h('td', { class: 'll-col-swatch' }, swatch),
        h('td', {
          class: 'll-num',
          text: r.rank === null ? '—' : r.rank === 1 ? '★ 1' : String(r.rank),
          title: r.rank === 1 ? `best by ${metric}` : undefined,
        }),
        h('td', { class: 'll-col-name', text: r.run.name, title: r.run.id }),
        ...input.params.map((_, j) => h('td', { class: 'll-num', text: showValue(r.values[j]) })),
        h('td', { class: 'll-num', text: formatNumber(r.final) }),
        h('td', {
          class: 'll-num',
          text: r.best ? `${formatNumber(r.best.value)} @ ${r.best.epoch}` : '—',
          title: r.best ? `epoch ${r.best.epoch}` : undefined,
        }),
        h('td', {}, statusBadge(r.run.status)),
      );
    });
    this.table.replaceChildren(h('thead', {}, head), h('tbody', {}, ...rows));
  }
}
