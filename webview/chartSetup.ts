/**
 * Chart.js, set up once for the dashboard: only the parts it uses, three small plugins (an opaque
 * background so exported PNGs look like the panel, a labelled horizontal guide, a hover crosshair) and
 * an interaction mode that picks, for every line, its point nearest the cursor's x (TensorBoard's
 * tooltip: every run's value at that step, not just the single closest point).
 *
 * Options follow Chart.js's performance guide: data already in {x, y} with parsing off, no animation,
 * no point dots on long series, LTTB decimation to about two samples per pixel.
 */
import {
  Chart,
  type ChartOptions,
  type ChartType,
  Decimation,
  Filler,
  Interaction,
  type InteractionItem,
  type InteractionModeFunction,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  type Plugin,
  PointElement,
  type Scale,
  Tooltip,
} from 'chart.js';
import { getRelativePosition } from 'chart.js/helpers';
import zoomPlugin from 'chartjs-plugin-zoom';
import { formatClock, formatCount, formatNumber } from './format';
import { markerPlugin } from './markers';
import { pointAtStep } from './cursor';
import type { Theme } from './theme';
import { isOrdered, xLabel, type XSeries } from './xSeries';

interface ReferenceOptions {
  y: number | null;
  label: string;
  color: string;
  background: string;
}

declare module 'chart.js' {
  interface InteractionModeMap {
    nearestPerLine: InteractionModeFunction;
  }
  // Merging with Chart.js's declaration needs its type parameter, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    background?: { color: string };
    reference?: ReferenceOptions;
    crosshair?: { color: string; ordered: boolean };
  }
}

/** Datasets drawn as faint context (raw values under a smoothed line): never hovered, never in tooltips. */
export const TRACES = new WeakSet<object>();

/**
 * The step of each point (see Line.steps), for the synchronized cursor. Kept per point object, not per
 * index: decimation replaces a dataset's data with a subset of the same points.
 */
export const POINT_STEPS = new WeakMap<object, number>();

/** How far (in pixels) from the cursor a line's nearest point may be and still show in the tooltip. */
const TOOLTIP_REACH_PX = 32;

type Meta = ReturnType<Chart['getSortedVisibleDatasetMetas']>[number];

/** The steps of a dataset's (possibly decimated) points, cached by its data array. */
const DATA_STEPS = new WeakMap<object, number[]>();

/**
 * The step of each point of a line, as drawn. Charts outside the dashboard (the trajectories' loss)
 * record none: their x is the step.
 */
function stepsOf(dataset: Chart['data']['datasets'][number]): readonly number[] {
  const data = dataset.data as { x: number }[];
  let steps = DATA_STEPS.get(data);
  if (!steps || steps.length !== data.length) {
    steps = data.map((p) => POINT_STEPS.get(p) ?? p.x);
    DATA_STEPS.set(data, steps);
  }
  return steps;
}

/** The lines that are read (not faint traces). */
function readLines(chart: Chart): Meta[] {
  return chart
    .getSortedVisibleDatasetMetas()
    .filter((m) => m.data.length > 0 && !TRACES.has(chart.data.datasets[m.index]));
}

/**
 * The point nearest the cursor over all lines: by x alone when x rises with the step (points sorted by
 * x, so a binary search), else in the plane (a parametric curve such as loss against lr).
 */
function anchor(chart: Chart, pos: { x: number; y: number }, ordered: boolean, final: boolean): InteractionItem | null {
  let best: InteractionItem | null = null;
  let bestD = TOOLTIP_REACH_PX;
  const at = (points: Meta['data'], i: number) => points[i].getProps(['x', 'y'], final) as { x: number; y: number };
  for (const meta of readLines(chart)) {
    const points = meta.data;
    const candidates: number[] = [];
    if (ordered) {
      let lo = 0;
      let hi = points.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (at(points, mid).x < pos.x) lo = mid + 1;
        else hi = mid;
      }
      candidates.push(lo, Math.max(0, lo - 1));
    } else for (let i = 0; i < points.length; i++) candidates.push(i);
    for (const i of candidates) {
      const p = at(points, i);
      const d = ordered ? Math.abs(p.x - pos.x) : Math.hypot(p.x - pos.x, p.y - pos.y);
      if (d <= bestD) {
        bestD = d;
        best = { element: points[i], datasetIndex: meta.index, index: i };
      }
    }
  }
  return best;
}

/** The step of a hovered item, or null. */
export function stepOf(chart: Chart, item: { datasetIndex: number; index: number }): number | null {
  const dataset = chart.data.datasets[item.datasetIndex];
  return dataset ? (stepsOf(dataset)[item.index] ?? null) : null;
}

/** Every read line's point at step `s` (see cursor.ts). */
export function itemsAtStep(chart: Chart, s: number): InteractionItem[] {
  const items: InteractionItem[] = [];
  for (const meta of readLines(chart)) {
    const i = pointAtStep(stepsOf(chart.data.datasets[meta.index]), s);
    if (i >= 0 && i < meta.data.length) items.push({ element: meta.data[i], datasetIndex: meta.index, index: i });
  }
  return items;
}

/** The step nearest the cursor, then every line's point at that step (TensorBoard's tooltip, by step). */
const nearestPerLine: InteractionModeFunction = (chart, e, _options, useFinalPosition) => {
  const pos = getRelativePosition(e, chart);
  const area = chart.chartArea;
  if (!area || pos.x < area.left || pos.x > area.right || pos.y < area.top || pos.y > area.bottom) return [];
  const ordered = chart.options.plugins?.crosshair?.ordered ?? true;
  const hit = anchor(chart, pos, ordered, useFinalPosition ?? false);
  const s = hit ? stepOf(chart, hit) : null;
  return s === null ? [] : itemsAtStep(chart, s);
};

const background: Plugin<'line'> = {
  id: 'background',
  beforeDraw(chart, _args, opts: { color: string }) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = opts.color;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

const reference: Plugin<'line'> = {
  id: 'reference',
  beforeDatasetsDraw(chart, _args, opts: ReferenceOptions) {
    const y = chart.scales.y;
    if (opts.y === null || !y || opts.y < y.min || opts.y > y.max) return;
    const { ctx, chartArea } = chart;
    const py = y.getPixelForValue(opts.y);
    ctx.save();
    ctx.strokeStyle = opts.color;
    ctx.setLineDash([3, 3]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(chartArea.left, py);
    ctx.lineTo(chartArea.right, py);
    ctx.stroke();
    // The label sits on a patch of background so curves under it do not make it unreadable.
    ctx.font = `${Chart.defaults.font.size}px ${Chart.defaults.font.family}`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    const width = ctx.measureText(opts.label).width;
    const size = Number(Chart.defaults.font.size ?? 11);
    ctx.fillStyle = opts.background;
    ctx.fillRect(chartArea.right - width - 8, py - size - 4, width + 6, size + 3);
    ctx.fillStyle = opts.color;
    ctx.fillText(opts.label, chartArea.right - 5, py - 2);
    ctx.restore();
  },
};

/** A vertical line at the hovered (or synchronized) step, on an x that rises with the step. */
const crosshair: Plugin<'line'> = {
  id: 'crosshair',
  afterDatasetsDraw(chart, _args, opts: { color: string; ordered: boolean }) {
    const active = chart.getActiveElements();
    if (active.length === 0 || !opts.ordered) return;
    const x = active[0].element.x;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.strokeStyle = opts.color;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, chartArea.top);
    ctx.lineTo(x, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

let registered = false;

export function registerCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(
    LineController,
    LineElement,
    PointElement,
    LinearScale,
    LogarithmicScale,
    Tooltip,
    // Min–max envelopes and the seeds card's bands: a line filled to the one before it.
    Filler,
    Decimation,
    zoomPlugin,
    background,
    reference,
    crosshair,
    markerPlugin,
  );
  Interaction.modes.nearestPerLine = nearestPerLine;
}

/** Fonts and text color for everything Chart.js draws, including plugins that read the defaults. */
export function applyThemeDefaults(t: Theme): void {
  Chart.defaults.font.family = t.fontFamily;
  Chart.defaults.font.size = Math.max(10, t.fontSize - 2);
  Chart.defaults.color = t.muted;
}

function xFormat(axis: XSeries): (value: number) => string {
  if (axis === 'time') return formatClock;
  if (axis === 'step') return formatCount;
  return formatNumber;
}

/** Log axes get labels only at powers of ten (and 2 and 5 between them when the range is narrow). */
export function logTick(this: Scale, value: number | string): string {
  const v = Number(value);
  const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  const narrow = this.max / this.min <= 100;
  const near = (m: number) => Math.abs(mantissa - m) < 1e-6;
  return near(1) || (narrow && (near(2) || near(5))) ? formatNumber(v) : '';
}

export interface ChartLook {
  theme: Theme;
  /** The x axis: the dashboard's step, epoch or time, or any recorded series (see xSeries.ts). */
  axis: XSeries;
  log: boolean;
  logX?: boolean;
  compact: boolean;
  reference?: { y: number; label: string };
  /** Called after a zoom or pan ends (to show the reset button as active). */
  onZoom: () => void;
  /** Called with the hovered step (null: the cursor left), for the other charts' cursors. */
  onCursor?: (step: number | null) => void;
}

export function chartOptions(look: ChartLook, samples: number): ChartOptions<'line'> {
  const { theme: t } = look;
  return {
    parsing: false,
    normalized: true,
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    spanGaps: true,
    interaction: { mode: 'nearestPerLine', intersect: false },
    onHover: (_e, active, chart) => look.onCursor?.(active.length ? stepOf(chart, active[0]) : null),
    elements: {
      point: { radius: 0, hitRadius: 6, hoverRadius: 3 },
      line: { tension: 0, borderJoinStyle: 'round', capBezierPoints: false },
    },
    layout: { padding: { top: 4, right: 10, bottom: 0, left: 2 } },
    scales: scales(look),
    plugins: {
      // LTTB needs points sorted by x.
      decimation: { enabled: isOrdered(look.axis), algorithm: 'lttb', samples, threshold: Math.round(samples * 1.5) },
      background: { color: t.background },
      crosshair: { color: t.muted, ordered: isOrdered(look.axis) },
      reference: {
        y: look.reference?.y ?? null,
        label: look.reference?.label ?? '',
        color: t.muted,
        background: t.background,
      },
      markers: { lines: [], background: t.background },
      tooltip: tooltip(look),
      zoom: zoom(look),
    },
  };
}

type LinePlugins = NonNullable<ChartOptions<'line'>['plugins']>;

/** The step, epoch or time axis and the value axis (linear or logarithmic, with only the decades labelled). */
function scales(look: ChartLook): ChartOptions<'line'>['scales'] {
  const { theme: t, axis, log, compact } = look;
  const logX = look.logX === true;
  const format = xFormat(axis);
  const grid = {
    color: (ctx: { tick?: { major?: boolean } }) => (log && ctx.tick && !ctx.tick.major ? 'transparent' : t.grid),
    drawTicks: false,
  };
  const tickFont = { size: Math.max(10, t.fontSize - 2) };
  return {
    x: {
      type: logX ? 'logarithmic' : 'linear',
      // Steps, epochs and time start at 0 (see ChartCard.applyXFloor); any other series fits its data.
      ...(isOrdered(axis) && !logX ? { min: 0 } : {}),
      bounds: logX ? 'data' : 'ticks',
      title: {
        display: !compact,
        text: xLabel(axis),
        color: t.muted,
        font: tickFont,
        padding: { top: 2, bottom: 0 },
      },
      ticks: {
        callback: logX ? logTick : (v: number | string) => format(Number(v)),
        includeBounds: false,
        maxRotation: 0,
        autoSkipPadding: 16,
        font: tickFont,
        color: t.muted,
        padding: 6,
        maxTicksLimit: compact ? 5 : 10,
      },
      grid: { color: t.grid, drawTicks: false },
      border: { color: t.axis },
    },
    y: {
      type: log ? 'logarithmic' : 'linear',
      ticks: {
        font: tickFont,
        color: t.muted,
        padding: 6,
        includeBounds: false,
        maxTicksLimit: compact ? 4 : 8,
        ...(log ? { callback: logTick } : {}),
      },
      grid,
      border: { color: t.axis, display: true },
    },
  };
}

/** Every series at the hovered step, the highest first, in the theme's tooltip colors. */
function tooltip(look: ChartLook): LinePlugins['tooltip'] {
  const { theme: t, axis } = look;
  const format = xFormat(axis);
  return {
    enabled: true,
    backgroundColor: t.tooltipBackground,
    titleColor: t.tooltipForeground,
    bodyColor: t.tooltipForeground,
    borderColor: t.tooltipBorder,
    borderWidth: 1,
    cornerRadius: 3,
    padding: 8,
    boxPadding: 4,
    usePointStyle: false,
    titleFont: { weight: 'bold', size: t.fontSize - 1 },
    bodyFont: { size: t.fontSize - 1 },
    itemSort: (a, b) => (b.parsed.y ?? 0) - (a.parsed.y ?? 0),
    callbacks: {
      title: (items) => {
        if (!items.length) return '';
        const x = `${xLabel(axis)} ${format(items[0].parsed.x ?? 0)}`;
        const s =
          axis === 'step'
            ? null
            : stepOf(items[0].chart, { datasetIndex: items[0].datasetIndex, index: items[0].dataIndex });
        return s === null ? x : `${x} · step ${formatCount(s)}`;
      },
      label: (item) => `${item.dataset.label ?? ''}: ${formatNumber(item.parsed.y)}`,
      labelColor: (item) => {
        const c = item.dataset.pointBackgroundColor;
        const color = typeof c === 'string' ? c : t.foreground;
        return { borderColor: color, backgroundColor: color, borderWidth: 0 };
      },
    },
  };
}

/** Zoom by dragging or Ctrl+wheel and pan with Shift, except in the compact side bar view. */
function zoom(look: ChartLook): LinePlugins['zoom'] {
  const { theme: t, compact } = look;
  return {
    zoom: {
      // Ctrl + wheel (and a trackpad pinch, which browsers report as one) so the wheel still scrolls the page.
      wheel: { enabled: !compact, modifierKey: 'ctrl' },
      pinch: { enabled: !compact },
      drag: {
        enabled: !compact,
        backgroundColor: 'rgba(127, 127, 127, 0.15)',
        borderColor: t.focus,
        borderWidth: 1,
        threshold: 6,
      },
      mode: 'xy',
      onZoomComplete: look.onZoom,
    },
    pan: { enabled: !compact, mode: 'xy', modifierKey: 'shift', onPanComplete: look.onZoom },
  };
}
