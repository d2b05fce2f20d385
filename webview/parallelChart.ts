/**
 * A parallel-coordinates chart on Chart.js: one vertical axis per swept setting and one for the metric,
 * one polyline per run. Chart.js draws the lines (and the background for PNG export); a plugin draws the
 * axes, their ticks and titles. Hover and click find the nearest line (polylineHit.ts).
 */
import { Chart, type ChartType, type Plugin } from 'chart.js';
import { getRelativePosition } from 'chart.js/helpers';
import type { LineDataset } from './chartData';
import type { ParallelAxis } from './parallelAxes';
import { nearestLine, type Pt2 } from './polylineHit';
import type { Pt } from './series';
import type { Theme } from './theme';

export interface ParallelLine {
  id: string;
  /** Each axis's position in [0, 1], null where the run has no value. */
  positions: (number | null)[];
  color: string;
  width: number;
  /** Lower is drawn on top. */
  order: number;
  /** A wide stroke in the background color under the line, so it stands out of the bundle. */
  halo: boolean;
  dashed: boolean;
}

interface AxesOptions {
  axes: ParallelAxis[];
  theme: Theme;
}

/** How far (in pixels) from a line the pointer may be and still pick it. */
const REACH_PX = 8;

const axesPlugin: Plugin<'line', AxesOptions> = {
  id: 'parallelAxes',
  beforeDatasetsDraw(chart, _args, { axes, theme }) {
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.strokeStyle = theme.axis;
    ctx.lineWidth = 1;
    axes.forEach((_, i) => {
      const x = Math.round(chart.scales.x.getPixelForValue(i)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
    });
    ctx.restore();
  },
  afterDatasetsDraw(chart, _args, { axes, theme }) {
    const { ctx, chartArea } = chart;
    const size = Math.max(10, theme.fontSize - 2);
    const y = (pos: number) => chart.scales.y.getPixelForValue(pos);
    ctx.save();
    ctx.textBaseline = 'middle';
    axes.forEach((axis, i) => {
      const x = Math.round(chart.scales.x.getPixelForValue(i)) + 0.5;
      ctx.font = `${size}px ${theme.fontFamily}`;
      ctx.textAlign = 'right';
      for (const t of axis.ticks) {
        const py = y(t.pos);
        ctx.strokeStyle = theme.axis;
        ctx.beginPath();
        ctx.moveTo(x - 4, py);
        ctx.lineTo(x, py);
        ctx.stroke();
        // Labels sit left of their axis on a patch of background, readable over the lines.
        const width = ctx.measureText(t.label).width;
        ctx.fillStyle = theme.background;
        ctx.globalAlpha = 0.85;
        ctx.fillRect(x - 8 - width, py - size / 2 - 1, width + 3, size + 2);
        ctx.globalAlpha = 1;
        ctx.fillStyle = theme.muted;
        ctx.fillText(t.label, x - 6, py);
      }
      ctx.font = `600 ${size + 1}px ${theme.fontFamily}`;
      ctx.fillStyle = theme.foreground;
      ctx.textAlign = i === 0 ? 'left' : i === axes.length - 1 ? 'right' : 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(axis.label, i === 0 ? x - 2 : i === axes.length - 1 ? x + 2 : x, chartArea.top - 8);
      ctx.textBaseline = 'middle';
    });
    ctx.restore();
  },
};

declare module 'chart.js' {
  // Merging with Chart.js's declaration needs its type parameter, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    parallelAxes?: AxesOptions;
  }
}

export interface ParallelHooks {
  /** The run under the pointer (null: none), with the pointer's position in the canvas's box. */
  hover(id: string | null, at: Pt2): void;
  click(id: string): void;
}

export class ParallelChart {
  readonly chart: Chart<'line', Pt[]>;
  private lines: ParallelLine[] = [];

  constructor(canvas: HTMLCanvasElement, hooks: ParallelHooks) {
    this.chart = new Chart<'line', Pt[]>(canvas, { type: 'line', data: { datasets: [] }, plugins: [axesPlugin] });
    const hit = (e: MouseEvent) => {
      const p = getRelativePosition(e, this.chart);
      const pixels = this.lines.map((l) =>
        l.positions.map((pos, i) =>
          pos === null
            ? null
            : { x: this.chart.scales.x.getPixelForValue(i), y: this.chart.scales.y.getPixelForValue(pos) },
        ),
      );
      const index = nearestLine(pixels, p, REACH_PX);
      return { id: index === null ? null : this.lines[index].id, p };
    };
    canvas.addEventListener('mousemove', (e) => {
      const { id, p } = hit(e);
      canvas.style.cursor = id ? 'pointer' : 'default';
      hooks.hover(id, p);
    });
    canvas.addEventListener('mouseleave', () => hooks.hover(null, { x: 0, y: 0 }));
    canvas.addEventListener('click', (e) => {
      const { id } = hit(e);
      if (id) hooks.click(id);
    });
  }

  update(axes: ParallelAxis[], lines: ParallelLine[], theme: Theme): void {
    this.lines = lines;
    const datasets: LineDataset[] = [];
    for (const l of lines) {
      const data = l.positions.map((pos, i) => ({ x: i, y: pos ?? NaN }));
      const base = {
        type: 'line' as const,
        data,
        fill: false,
        pointRadius: 0,
        pointHoverRadius: 0,
        spanGaps: false,
        tension: 0,
      };
      if (l.halo)
        datasets.push({ ...base, borderColor: theme.background, borderWidth: l.width + 4, order: l.order + 0.5 });
      datasets.push({
        ...base,
        borderColor: l.color,
        borderWidth: l.width * theme.lineScale,
        borderDash: l.dashed ? [4, 3] : [],
        order: l.order,
      });
    }
    this.chart.data.datasets = datasets;
    const padding = Math.max(10, theme.fontSize - 2) + 18;
    this.chart.options = {
      parsing: false,
      normalized: true,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      layout: { padding: { top: padding, right: 16, bottom: 10, left: 56 } },
      scales: {
        x: { type: 'linear', display: false, min: 0, max: Math.max(1, axes.length - 1) },
        y: { type: 'linear', display: false, min: 0, max: 1 },
      },
      plugins: {
        tooltip: { enabled: false },
        decimation: { enabled: false },
        background: { color: theme.background },
        crosshair: { color: 'transparent' },
        reference: { y: null, label: '', color: theme.muted, background: theme.background },
        parallelAxes: { axes, theme },
      },
    };
    this.chart.update('none');
  }

  destroy(): void {
    this.chart.destroy();
  }
}
