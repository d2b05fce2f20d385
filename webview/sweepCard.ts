/**
 * A sweep at a glance, as TensorBoard's HParams and W&B show one: a parallel-coordinates chart (one axis
 * per swept setting and one for the metric, lines colored from worst to best, the best run drawn on top)
 * and a sortable table. Clicking a line or a row makes that run the active one; "Best + k" overlays only
 * the best run and the k ranked after it on the charts below.
 */
import { color } from 'chart.js/helpers';
import type { SweepView } from '../src/protocol/experimentViews';
import type { EpochPoint, RunView } from '../src/protocol/webview';
import { button, h, setPressed, setText } from './dom';
import { formatNumber } from './format';
import { buildAxis } from './parallelAxes';
import { ParallelChart, type ParallelLine } from './parallelChart';
import type { Pt2 } from './polylineHit';
import { bestWithNeighbours, lowerIsBetter, type SweepRow, sweepMetric, sweepRows } from '../src/views/sweepRanking';
import { showValue, SweepTable } from './sweepTable';
import type { Theme } from './theme';

export interface SweepCardInput {
  sweep: SweepView | null;
  runs: readonly RunView[];
  epochs: (id: string) => readonly EpochPoint[];
  metrics: readonly string[];
  theme: Theme;
  activeId: string | null;
  hidden: ReadonlySet<string>;
  colorOf: (id: string) => string;
}

export interface SweepCardHooks {
  select(id: string): void;
  /** Shows only `ids` on the charts (null: every run). */
  overlay(ids: string[] | null): void;
  exportPng(name: string, dataUrl: string): void;
}

/** The overlay choices: every run, or the best and this many ranked after it. */
const NEIGHBOURS = [0, 2, 4];

/** Worst → middle → best, in the theme's chart colors (orange, purple, blue: apart for color-blind eyes too). */
function ramp(theme: Theme, t: number): string {
  const [best, worst, , middle] = theme.palette;
  return t < 0.5
    ? color(middle)
        .mix(color(worst), 2 * t)
        .rgbString()
    : color(best)
        .mix(color(middle), 2 * t - 1)
        .rgbString();
}

export class SweepCard {
  readonly el: HTMLElement;
  private readonly title = h('h2', { class: 'll-card-title' });
  private readonly metricSelect = h('select', { class: 'll-select', attrs: { 'aria-label': 'Sweep metric' } });
  private readonly overlayButtons: HTMLButtonElement[];
  private readonly chart: ParallelChart;
  private readonly tip = h('div', { class: 'll-pc-tip', attrs: { role: 'tooltip' } });
  private readonly scale = h('div', { class: 'll-pc-scale-bar' });
  private readonly scaleLow = h('span');
  private readonly scaleHigh = h('span');
  private readonly scaleName = h('span', { class: 'll-pc-scale-name' });
  private readonly table = new SweepTable();
  private metric: string | null = null;
  private hovered: string | null = null;
  private rows: SweepRow[] = [];
  private input: SweepCardInput | null = null;
  private signature = '';

  constructor(private readonly hooks: SweepCardHooks) {
    this.metricSelect.addEventListener('change', () => {
      this.metric = this.metricSelect.value;
      this.redraw();
    });
    this.overlayButtons = NEIGHBOURS.map((k) =>
      button(k === 0 ? 'Best' : `Best + ${k}`, () => hooks.overlay(bestWithNeighbours(this.rows, k)), {
        secondary: true,
        class: 'll-segment ll-tool',
        title:
          k === 0
            ? 'Show only the best run on the charts'
            : `Show the best run and the ${k} ranked after it on the charts`,
      }),
    );
    const all = button('All', () => hooks.overlay(null), {
      secondary: true,
      class: 'll-segment ll-tool',
      title: 'Show every run on the charts',
    });
    this.overlayButtons.unshift(all);
    const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': 'Parallel coordinates of the sweep' } });
    this.chart = new ParallelChart(canvas, {
      hover: (id, at) => this.hover(id, at),
      click: (id) => hooks.select(id),
    });
    const png = button(
      'PNG',
      () => hooks.exportPng('losslab-sweep.png', this.chart.chart.toBase64Image('image/png', 1)),
      { secondary: true, class: 'll-tool', title: 'Save the chart as a PNG image' },
    );
    this.el = h(
      'section',
      { class: 'll-card ll-card-sweep' },
      h(
        'header',
        { class: 'll-card-head' },
        this.title,
        h(
          'div',
          { class: 'll-card-tools' },
          h('span', { class: 'll-control-label', text: 'Metric' }),
          this.metricSelect,
          h('span', { class: 'll-control-label', text: 'Overlay' }),
          h(
            'div',
            { class: 'll-segmented', attrs: { role: 'group', 'aria-label': 'Runs overlaid on the charts' } },
            ...this.overlayButtons,
          ),
          png,
        ),
      ),
      h('div', { class: 'll-canvas-box ll-pc-box' }, canvas, this.tip),
      h('div', { class: 'll-pc-scale' }, this.scaleLow, this.scale, this.scaleHigh, this.scaleName),
      this.table.el,
    );
    this.tip.hidden = true;
  }

  update(input: SweepCardInput): void {
    const { sweep, runs } = input;
    const members = sweep ? runs.filter((r) => sweep.runs.some((s) => s.runId === r.id)) : [];
    this.el.hidden = !sweep || members.length === 0;
    if (!sweep || this.el.hidden) return;
    const signature = JSON.stringify([
      sweep.name,
      sweep.runs.length,
      members.map((r) => [r.id, r.status, r.epoch, input.epochs(r.id).length, input.colorOf(r.id)]),
      input.metrics,
      input.activeId,
      [...input.hidden],
      input.theme,
    ]);
    this.input = input;
    if (signature === this.signature) return;
    this.signature = signature;
    this.redraw();
  }

  private redraw(): void {
    const input = this.input;
    const sweep = input?.sweep;
    if (!input || !sweep) return;
    const metric = this.metric ?? sweepMetric(sweep, input.runs);
    const choices = [...new Set([metric, ...input.metrics, 'val_loss', 'train_loss'])];
    if (
      this.metricSelect.options.length !== choices.length ||
      [...this.metricSelect.options].some((o, i) => o.value !== choices[i])
    )
      this.metricSelect.replaceChildren(...choices.map((m) => h('option', { text: m, attrs: { value: m } })));
    this.metricSelect.value = metric;
    this.rows = sweepRows(sweep, input.runs, input.epochs, metric);
    const ranked = this.rows.filter((r) => r.rank !== null).length;
    setText(
      this.title,
      `Sweep · ${sweep.name} · ${this.rows.length} runs${ranked < this.rows.length ? ` (${ranked} finished)` : ''}`,
    );
    this.drawChart(metric);
    this.table.update({
      rows: this.rows,
      params: sweep.params,
      metric,
      activeId: input.activeId,
      hidden: input.hidden,
      colorOf: input.colorOf,
      select: (id) => this.hooks.select(id),
    });
    const shown = this.rows.filter((r) => !input.hidden.has(r.run.id)).map((r) => r.run.id);
    NEIGHBOURS.forEach((k, i) => {
      const ids = bestWithNeighbours(this.rows, k);
      setPressed(
        this.overlayButtons[i + 1],
        ids.length > 0 && ids.length === shown.length && ids.every((id) => shown.includes(id)),
      );
    });
    setPressed(this.overlayButtons[0], shown.length === this.rows.length);
  }

  private drawChart(metric: string): void {
    const input = this.input!;
    const { theme } = input;
    const params = input.sweep!.params;
    const lower = lowerIsBetter(metric);
    const axes = [
      ...params.map((p, j) =>
        buildAxis(
          p.label,
          this.rows.map((r) => r.values[j] ?? null),
          p.dist,
        ),
      ),
      buildAxis(
        `${metric} ${lower ? '↓' : '↑'}`,
        this.rows.map((r) => r.final),
      ),
    ];
    const finals = this.rows.filter((r) => r.rank !== null).map((r) => r.final!);
    const [lo, hi] = [Math.min(...finals), Math.max(...finals)];
    // 0 for the worst finished run, 1 for the best.
    const quality = (v: number) => (hi > lo ? (lower ? hi - v : v - lo) / (hi - lo) : 1);
    const lines: ParallelLine[] = this.rows.map((r) => {
      const positions = [
        ...params.map((_, j) => axes[j].position(r.values[j] ?? null)),
        axes[axes.length - 1].position(r.final),
      ];
      const finished = r.rank !== null;
      const faded = input.hidden.has(r.run.id);
      const emphasis = r.run.id === this.hovered || r.run.id === input.activeId || r.rank === 1;
      let stroke = finished ? ramp(theme, quality(r.final!)) : theme.muted;
      if (faded && !emphasis) stroke = color(stroke).alpha(0.18).rgbString();
      return {
        id: r.run.id,
        positions,
        color: stroke,
        width: r.run.id === this.hovered ? 3.5 : r.rank === 1 ? 3 : r.run.id === input.activeId ? 2.5 : 1.5,
        order:
          r.run.id === this.hovered
            ? 0
            : r.rank === 1
              ? 1
              : r.run.id === input.activeId
                ? 2
                : finished
                  ? 10 + r.rank!
                  : 1000,
        halo: emphasis,
        dashed: !finished,
      };
    });
    this.chart.update(axes, lines, theme);
    this.scale.style.background = `linear-gradient(to right, ${ramp(theme, 0)}, ${ramp(theme, 0.5)}, ${ramp(theme, 1)})`;
    setText(this.scaleLow, finals.length ? `worst ${formatNumber(lower ? hi : lo)}` : '');
    setText(this.scaleHigh, finals.length ? `best ${formatNumber(lower ? lo : hi)}` : '');
    setText(this.scaleName, `${metric} of the finished runs; dashed: not finished`);
  }

  private hover(id: string | null, at: Pt2): void {
    if (id !== this.hovered) {
      this.hovered = id;
      if (this.input) this.drawChart(this.metricSelect.value);
    }
    const row = this.rows.find((r) => r.run.id === id);
    this.tip.hidden = !row;
    if (!row || !this.input?.sweep) return;
    const params = this.input.sweep.params;
    this.tip.replaceChildren(
      h('div', { class: 'll-pc-tip-title', text: `${row.rank === null ? '' : `#${row.rank} · `}${row.run.name}` }),
      ...params.map((p, j) =>
        h('div', {}, h('span', { class: 'll-pc-tip-key', text: `${p.label} ` }), showValue(row.values[j])),
      ),
      h('div', {}, h('span', { class: 'll-pc-tip-key', text: `${this.metricSelect.value} ` }), formatNumber(row.final)),
    );
    // Beside the pointer, flipped to its left in the right half so it stays inside the card.
    const box = this.tip.parentElement!.getBoundingClientRect();
    const left = at.x > box.width / 2;
    this.tip.style.left = left ? '' : `${at.x + 14}px`;
    this.tip.style.right = left ? `${box.width - at.x + 14}px` : '';
    this.tip.style.top = `${Math.max(0, at.y - 10)}px`;
  }

  destroy(): void {
    this.chart.destroy();
    this.el.remove();
  }
}
