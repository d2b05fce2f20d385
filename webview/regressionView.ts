/**
 * A regressor's end-of-run views, in the target's original units: predicted against actual (one dot per
 * row, with the y = x line a perfect model would sit on, both axes over the same range so the line is the
 * diagonal) and the histogram of the residuals actual − predicted over every row, with zero marked.
 * Both are Chart.js charts on the dashboard's options (theme, tooltip, zoom), adapted to points and bars.
 */
import { BarController, BarElement, Chart, type ChartOptions, ScatterController } from 'chart.js';
import { color } from 'chart.js/helpers';
import type { RegressionResults } from '../src/protocol/resultViews';
import { chartOptions } from './chartSetup';
import { button, h } from './dom';
import { formatCount, formatNumber } from './format';
import type { Theme } from './theme';

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  Chart.register(ScatterController, BarController, BarElement);
}

/** The dashboard's line-chart options with linear axes titled and free (not from 0), for other chart types. */
export function freeAxesOptions<T extends 'scatter' | 'bar'>(
  theme: Theme,
  xTitle: string,
  yTitle: string,
): ChartOptions<T> {
  const o = chartOptions({ theme, axis: 'step', log: false, compact: false, onZoom: () => undefined }, 0);
  // Loosely typed: Chart.js types each axis as the union of every scale type's options.
  type Axis = Record<string, unknown> & { title: Record<string, unknown>; ticks: Record<string, unknown> };
  const { x, y } = o.scales as unknown as { x: Axis; y: Axis };
  // Free of the step axis's 0; ticks stay at round values inside whatever range is set.
  delete x.min;
  x.title = { ...x.title, text: xTitle };
  y.title = { ...x.title, display: true, text: yTitle };
  x.ticks.callback = y.ticks.callback = (v: number | string) => formatNumber(Number(v));
  const plugins = o.plugins!;
  plugins.decimation = { enabled: false };
  plugins.crosshair = { color: 'transparent' };
  o.interaction = { mode: 'nearest', intersect: false };
  return o as unknown as ChartOptions<T>;
}

export interface ResultCharts {
  els: HTMLElement[];
  destroy(): void;
}

function card(
  cls: string,
  title: string,
  note: string,
  onPng: () => void,
): { el: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': `${title} chart` } });
  const png = button('PNG', onPng, { secondary: true, class: 'll-tool', title: 'Save this chart as a PNG image' });
  const el = h(
    'section',
    { class: `ll-card ${cls}` },
    h(
      'header',
      { class: 'll-card-head' },
      h('h2', { class: 'll-card-title', text: title }),
      h('div', { class: 'll-card-tools' }, png),
    ),
    h('div', { class: 'll-card-note', text: note }),
    h('div', { class: 'll-canvas-box' }, canvas),
  );
  return { el, canvas };
}

/** `runColor`: the run's color in the legend; `onExport`: saves a chart's PNG. */
export function regressionCards(
  r: RegressionResults,
  theme: Theme,
  runColor: string,
  onExport: (name: string, dataUrl: string) => void,
): ResultCharts {
  register();
  const split = `${r.split} split`;
  const target = r.target;
  const shown =
    r.actual.length < r.rows
      ? `${formatCount(r.actual.length)} of ${formatCount(r.rows)} rows, evenly chosen`
      : `${formatCount(r.rows)} rows`;
  const charts: Chart[] = [];
  const png = (name: string, i: number) => () => onExport(name, charts[i].toBase64Image('image/png', 1));

  const scatter = card(
    'll-card-scatter',
    'Predicted vs actual',
    `${split} · ${shown} · ${target} in its original units`,
    png('losslab-predicted-vs-actual.png', 0),
  );
  charts.push(scatterChart(r, theme, runColor, scatter.canvas));

  const hist = card(
    'll-card-residuals',
    'Residuals',
    `${split} · actual − predicted over all ${formatCount(r.residuals.counts.reduce((a, b) => a + b, 0))} rows`,
    png('losslab-residuals.png', 1),
  );
  charts.push(residualsChart(r, theme, runColor, hist.canvas));
  for (const [i, c] of [scatter.canvas, hist.canvas].entries())
    c.addEventListener('dblclick', () => charts[i].resetZoom('none'));
  return { els: [scatter.el, hist.el], destroy: () => charts.forEach((c) => c.destroy()) };
}

/** Predicted against actual values, one dot a row, with the y = x line a perfect model would lie on. */
function scatterChart(r: RegressionResults, theme: Theme, runColor: string, canvas: HTMLCanvasElement): Chart {
  const target = r.target;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [...r.actual, ...r.predicted]) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const pad = (hi - lo || 1) * 0.04;
  const range = { min: lo - pad, max: hi + pad };
  const so = freeAxesOptions<'scatter'>(theme, `actual ${target}`, `predicted ${target}`);
  Object.assign(so.scales!.x!, range);
  Object.assign(so.scales!.y!, range);
  so.plugins!.tooltip!.filter = (item) => item.datasetIndex === 0;
  so.plugins!.tooltip!.callbacks = {
    title: () => '',
    label: (item) =>
      `actual ${formatNumber(item.parsed.x)} · predicted ${formatNumber(item.parsed.y)} · residual ${formatNumber((item.parsed.x ?? 0) - (item.parsed.y ?? 0))}`,
  };
  const dots = r.actual.map((x, i) => ({ x, y: r.predicted[i] }));
  // Many dots overlap: fainter and smaller as there are more, so density still reads.
  const dense = dots.length > 2000;
  return new Chart<'scatter'>(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'rows',
          data: dots,
          pointRadius: dense ? 1.6 : 2.6,
          pointHoverRadius: 4,
          borderWidth: 0,
          backgroundColor: color(runColor)
            .alpha(dense ? 0.35 : 0.6)
            .rgbString(),
        },
        // The type is that of the scatter chart; a line dataset inside it is Chart.js's mixed chart.
        {
          type: 'line',
          label: 'y = x',
          data: [
            { x: range.min, y: range.min },
            { x: range.max, y: range.max },
          ],
          borderColor: theme.muted,
          borderWidth: 1,
          borderDash: [5, 4],
          pointRadius: 0,
        } as never,
      ],
    },
    options: so,
  });
}

/** The histogram of the residuals, bars spanning their bins, with a marker at no error. */
function residualsChart(r: RegressionResults, theme: Theme, runColor: string, canvas: HTMLCanvasElement): Chart {
  const target = r.target;
  const { edges, counts } = r.residuals;
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  const ho = freeAxesOptions<'bar'>(theme, `residual (${target})`, 'rows');
  Object.assign(ho.scales!.x!, {
    min: edges[0],
    max: edges.at(-1),
    offset: false,
    grid: { ...ho.scales!.x!.grid, offset: false },
  });
  Object.assign(ho.scales!.y!, { beginAtZero: true, grace: '5%' });
  ho.plugins!.markers = {
    lines: edges[0] <= 0 && edges.at(-1)! >= 0 ? [{ x: 0, label: 'no error', color: theme.muted }] : [],
    background: theme.background,
  };
  ho.plugins!.tooltip!.callbacks = {
    title: (items) =>
      items.length
        ? `${formatNumber(edges[items[0].dataIndex])} to ${formatNumber(edges[items[0].dataIndex + 1])}`
        : '',
    label: (item) =>
      `${formatCount(counts[item.dataIndex])} rows (${((100 * counts[item.dataIndex]) / total).toFixed(1)}%)`,
  };
  return new Chart<'bar'>(canvas, {
    type: 'bar',
    data: {
      datasets: [
        {
          label: 'rows',
          data: counts.map((y, i) => ({ x: (edges[i] + edges[i + 1]) / 2, y })) as never,
          backgroundColor: color(runColor).alpha(0.7).rgbString(),
          hoverBackgroundColor: runColor,
          borderColor: theme.background,
          borderWidth: { left: 1, right: 0, top: 0, bottom: 0 },
          // A histogram's bars touch: each spans its bin.
          barPercentage: 1,
          categoryPercentage: 1,
          grouped: false,
        },
      ],
    },
    options: ho,
  });
}
