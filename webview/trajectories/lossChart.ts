/** Loss against step for every path, with the dashboard's chart setup (theme, axes, tooltip, zoom). */
import { Chart } from 'chart.js';
import type { PathResult } from '../../src/protocol/trajectories';
import { applyThemeDefaults, chartOptions, registerCharts } from '../chartSetup';
import type { Theme } from '../theme';

type Pt = { x: number; y: number };

export class LossChart {
  private chart: Chart<'line', Pt[]> | null = null;
  private paths: PathResult[] = [];
  /** The step the curves are drawn up to (-1: not drawn yet). */
  private frame = -1;

  constructor(private readonly canvas: HTMLCanvasElement) {
    registerCharts();
  }

  /** Rebuilds the chart for new paths or a new theme; the y axis is logarithmic when every loss is positive and they span two decades. */
  show(paths: PathResult[], theme: Theme, colors: readonly string[]): void {
    applyThemeDefaults(theme);
    const finite = paths.flatMap((p) => p.losses.filter(Number.isFinite));
    const low = finite.reduce((a, b) => Math.min(a, b), Infinity);
    const high = finite.reduce((a, b) => Math.max(a, b), -Infinity);
    const log = low > 0 && high / low > 100;
    this.chart?.destroy();
    const options = chartOptions({ theme, axis: 'step', log, compact: false, onZoom: () => undefined }, 600);
    this.chart = new Chart<'line', Pt[]>(this.canvas, { type: 'line', data: { datasets: [] }, options });
    this.chart.data.datasets = paths.map((p, k) => ({
      label: p.label,
      data: [],
      borderColor: colors[k % colors.length],
      pointBackgroundColor: colors[k % colors.length],
      borderWidth: 1.5 * theme.lineScale,
    }));
    this.paths = paths;
    this.frame = -1;
  }

  /** Shows each curve up to step `frame`. */
  setFrame(frame: number): void {
    if (!this.chart || frame === this.frame) return;
    this.frame = frame;
    this.paths.forEach((p, k) => {
      const n = Math.min(frame, p.losses.length - 1);
      const pts: Pt[] = [];
      for (let t = 0; t <= n; t++) if (Number.isFinite(p.losses[t])) pts.push({ x: t, y: p.losses[t] });
      this.chart!.data.datasets[k].data = pts;
    });
    this.chart.update('none');
  }
}
