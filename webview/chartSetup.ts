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
import type { XAxis } from './series';
import type { Theme } from './theme';

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
    crosshair?: { color: string };
  }
}

/** Datasets drawn as faint context (raw values under a smoothed line): never hovered, never in tooltips. */
export const TRACES = new WeakSet<object>();

/** How far (in pixels) from the cursor a line's nearest point may be and still show in the tooltip. */
const TOOLTIP_REACH_PX = 32;

const nearestPerLine: InteractionModeFunction = (chart, e, _options, useFinalPosition) => {
  const pos = getRelativePosition(e, chart);
  const area = chart.chartArea;
  if (!area || pos.x < area.left || pos.x > area.right || pos.y < area.top || pos.y > area.bottom) return [];
  const items: InteractionItem[] = [];
  for (const meta of chart.getSortedVisibleDatasetMetas()) {
    const points = meta.data;
    if (points.length === 0 || TRACES.has(chart.data.datasets[meta.index])) continue;
    // Points are sorted by x, so binary search for the first at or right of the cursor.
    let lo = 0;
    let hi = points.length - 1;
    const xOf = (i: number) => points[i].getProps(['x'], useFinalPosition).x as number;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xOf(mid) < pos.x) lo = mid + 1;
      else hi = mid;
    }
    const best = lo > 0 && Math.abs(xOf(lo - 1) - pos.x) <= Math.abs(xOf(lo) - pos.x) ? lo - 1 : lo;
    if (Math.abs(xOf(best) - pos.x) <= TOOLTIP_REACH_PX)
      items.push({ element: points[best], datasetIndex: meta.index, index: best });
  }
  return items;
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

const crosshair: Plugin<'line'> = {
  id: 'crosshair',
  afterDatasetsDraw(chart, _args, opts: { color: string }) {
    const active = chart.tooltip?.getActiveElements() ?? [];
    if (active.length === 0) return;
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
    Decimation,
    // The seeds card's bands: a line filled to the one before it.
    Filler,
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

const AXIS_TITLE: Record<XAxis, string> = { step: 'step', epoch: 'epoch', time: 'time' };

function xTick(axis: XAxis): (value: number | string) => string {
  if (axis === 'time') return (v) => formatClock(Number(v));
  if (axis === 'step') return (v) => formatCount(Number(v));
  return (v) => formatNumber(Number(v));
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
  axis: XAxis;
  log: boolean;
  compact: boolean;
  reference?: { y: number; label: string };
  /** Called after a zoom or pan ends (to show the reset button as active). */
  onZoom: () => void;
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
    elements: {
      point: { radius: 0, hitRadius: 6, hoverRadius: 3 },
      line: { tension: 0, borderJoinStyle: 'round', capBezierPoints: false },
    },
    layout: { padding: { top: 4, right: 10, bottom: 0, left: 2 } },
    scales: scales(look),
    plugins: {
      decimation: { enabled: true, algorithm: 'lttb', samples, threshold: Math.round(samples * 1.5) },
      background: { color: t.background },
      crosshair: { color: t.muted },
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
  const grid = {
    color: (ctx: { tick?: { major?: boolean } }) => (log && ctx.tick && !ctx.tick.major ? 'transparent' : t.grid),
    drawTicks: false,
  };
  const tickFont = { size: Math.max(10, t.fontSize - 2) };
  return {
    x: {
      type: 'linear',
      min: 0,
      bounds: 'ticks',
      title: {
        display: !compact,
        text: AXIS_TITLE[axis],
        color: t.muted,
        font: tickFont,
        padding: { top: 2, bottom: 0 },
      },
      ticks: {
        callback: xTick(axis),
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
      title: (items) =>
        items.length
          ? `${AXIS_TITLE[axis]} ${axis === 'time' ? formatClock(items[0].parsed.x ?? 0) : formatNumber(items[0].parsed.x)}`
          : '',
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
