/**
 * The generate dashboard's Chart.js charts, each with a key of its lines in their colours (the key is
 * text, so it reads without the canvas) and an aria-label with the values drawn: lines per epoch (the
 * game's losses; a quality figure with its baselines as dashed horizontal lines), real against generated
 * shares of a column's bins or labels as side-by-side bars, and two columns' values as dots.
 */
import { BarController, BarElement, CategoryScale, Chart, ScatterController } from 'chart.js';
import { color } from 'chart.js/helpers';
import type { EpochSeries, HistogramView, QualityPanel, ScatterView } from '../src/views/generateCharts';
import { chartOptions } from './chartSetup';
import { h } from './dom';
import { formatNumber } from './format';
import { freeAxesOptions } from './regressionView';
import type { Theme } from './theme';

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  Chart.register(ScatterController, BarController, BarElement, CategoryScale);
}

export interface KeyItem {
  label: string;
  color: string;
  dashed?: boolean;
}

export function keyOf(items: readonly KeyItem[]): HTMLElement {
  return h(
    'div',
    { class: 'll-key ll-generate-key' },
    ...items.map((k) => {
      const line = h('span', { class: `ll-key-line${k.dashed ? ' ll-dashed' : ''}` });
      line.style.color = k.color;
      return h('span', { class: 'll-key-item' }, line, k.label);
    }),
  );
}

/** A chart in its box, drawn again from scratch on each update (a handful of points: cheaper than diffing). */
export class SmallChart {
  readonly el: HTMLElement;
  readonly canvas = h('canvas', { attrs: { role: 'img' } });
  private readonly key = h('div');
  private chart: { destroy(): void } | null = null;

  constructor(cls: string) {
    register();
    this.el = h(
      'div',
      { class: `ll-generate-chart ${cls}` },
      this.key,
      h('div', { class: 'll-canvas-box' }, this.canvas),
    );
  }

  draw(config: ConstructorParameters<typeof Chart>[1], key: readonly KeyItem[], described: string): void {
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, config);
    this.key.replaceChildren(keyOf(key));
    this.canvas.setAttribute('aria-label', described);
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}

const values = (ys: readonly number[]) => ys.map((y) => formatNumber(y)).join(', ');

function epochOptions(theme: Theme, title: string) {
  const o = chartOptions({ theme, axis: 'epoch', log: false, compact: false, onZoom: () => undefined }, 0);
  o.plugins!.decimation = { enabled: false };
  o.elements!.point = { radius: 2, hitRadius: 6, hoverRadius: 4 };
  (o.scales!.y as { title?: object }).title = { display: true, text: title, color: theme.muted };
  return o;
}

const line = (label: string, data: { x: number; y: number }[], c: string, dashed = false) => ({
  type: 'line' as const,
  label,
  data,
  borderColor: c,
  backgroundColor: c,
  borderWidth: dashed ? 1.5 : 2,
  borderDash: dashed ? [6, 4] : [],
  pointRadius: dashed ? 0 : 2,
  fill: false,
});

/** Lines per epoch, one colour each in the palette's order. */
export function drawLines(chart: SmallChart, series: readonly EpochSeries[], theme: Theme, title: string): void {
  const colorOf = (i: number) => theme.palette[i % theme.palette.length];
  chart.draw(
    {
      type: 'line',
      data: { datasets: series.map((s, i) => line(s.label, s.points, colorOf(i))) },
      options: epochOptions(theme, title),
    },
    series.map((s, i) => ({ label: s.label, color: colorOf(i) })),
    `${title} per epoch: ${series.map((s) => `${s.label} ${values(s.points.map((p) => p.y))}`).join('; ')}`,
  );
}

/** A quality figure per epoch with each baseline's value as a dashed line across the same epochs. */
export function drawQuality(chart: SmallChart, p: QualityPanel, theme: Theme): void {
  const xs = p.series.points.map((q) => q.x);
  const span = [Math.min(1, ...xs), Math.max(...xs)];
  const refColor = (i: number) => theme.palette[(i + 1) % theme.palette.length];
  const datasets = [
    line('model', p.series.points, theme.palette[0]),
    ...p.references.map((r, i) =>
      line(
        r.label,
        span.map((x) => ({ x, y: r.y })),
        refColor(i),
        true,
      ),
    ),
  ];
  chart.draw(
    { type: 'line', data: { datasets }, options: epochOptions(theme, p.figure) },
    [
      { label: 'model', color: theme.palette[0] },
      ...p.references.map((r, i) => ({ label: `${r.label} ${formatNumber(r.y)}`, color: refColor(i), dashed: true })),
    ],
    `${p.figure} per epoch: ${values(p.series.points.map((q) => q.y))}; ${p.references.map((r) => `${r.label} ${formatNumber(r.y)}`).join('; ')}`,
  );
}

const REAL = 0;
const SYNTHETIC = 1;

/** Real and generated shares of each bin or label, side by side. */
export function drawHistogram(chart: SmallChart, v: HistogramView, theme: Theme): void {
  const o = freeAxesOptions<'bar'>(theme, v.column, 'share of rows');
  Object.assign(o.scales!.y!, { beginAtZero: true, grace: '5%' });
  // Bars by label: parsed from plain numbers (the line charts' data comes parsed), ticks named by their label.
  (o as { parsing: boolean }).parsing = true;
  Object.assign(o.scales!.x!, { type: 'category' });
  (o.scales!.x!.ticks as { callback: (i: number | string) => string }).callback = (i) => v.labels[Number(i)] ?? '';
  const bars = (label: string, data: number[], c: string) => ({
    label,
    data,
    backgroundColor: color(c).alpha(0.7).rgbString(),
    hoverBackgroundColor: c,
    barPercentage: 0.95,
    categoryPercentage: 0.9,
  });
  chart.draw(
    {
      type: 'bar',
      data: {
        labels: v.labels,
        datasets: [
          bars('real (held-out)', v.real, theme.palette[REAL]),
          bars('generated', v.synthetic, theme.palette[SYNTHETIC]),
        ],
      },
      options: o,
    },
    [
      { label: 'real (held-out)', color: theme.palette[REAL] },
      { label: 'generated', color: theme.palette[SYNTHETIC] },
    ],
    `${v.column}: ${v.labels.join(', ')}; real ${values(v.real)}; generated ${values(v.synthetic)}`,
  );
}

/** Two columns of the real and the generated rows as dots in two colours. */
export function drawScatter(chart: SmallChart, v: ScatterView, theme: Theme): void {
  const o = freeAxesOptions<'scatter'>(theme, v.x, v.y);
  // Both axes over every dot, real and generated (as the regression scatter sets its range).
  const range = (pick: (p: { x: number; y: number }) => number) => {
    const all = [...v.real, ...v.synthetic].map(pick).filter(Number.isFinite);
    const [lo, hi] = [Math.min(...all), Math.max(...all)];
    const pad = (hi - lo || 1) * 0.04;
    return { min: lo - pad, max: hi + pad };
  };
  Object.assign(
    o.scales!.x!,
    range((p) => p.x),
  );
  Object.assign(
    o.scales!.y!,
    range((p) => p.y),
  );
  const dots = (label: string, data: { x: number; y: number }[], c: string) => ({
    label,
    data,
    pointRadius: 2.2,
    borderWidth: 0,
    backgroundColor: color(c).alpha(0.55).rgbString(),
  });
  chart.draw(
    {
      type: 'scatter',
      data: {
        datasets: [
          dots('real (held-out)', v.real, theme.palette[REAL]),
          dots('generated', v.synthetic, theme.palette[SYNTHETIC]),
        ],
      },
      options: o,
    },
    [
      { label: `real (held-out) · ${v.real.length} rows`, color: theme.palette[REAL] },
      { label: `generated · ${v.synthetic.length} rows`, color: theme.palette[SYNTHETIC] },
    ],
    `${v.y} against ${v.x}: ${v.real.length} real and ${v.synthetic.length} generated rows`,
  );
}
