/**
 * Chart.js datasets for one chart from the runs' lines, rebuilt only for runs whose data or look changed:
 * a finished run's datasets are reused as they are while a live run's grow.
 */
import type { ChartDataset } from 'chart.js';
import { color } from 'chart.js/helpers';
import type { RunView } from '../src/protocol/webview';
import type { ChartSpec, LineContext } from './chartSpecs';
import type { RunStore } from './runStore';
import type { Line, Pt } from './series';
import { POINT_STEPS, TRACES } from './chartSetup';
import type { Theme } from './theme';

export type LineDataset = ChartDataset<'line', Pt[]>;

/**
 * Runs of more epochs than this draw their epoch lines without dots: at that density they read as a thick
 * line. Decided by the planned epochs, not the points so far, so a run's look does not change mid-run.
 */
const MAX_MARKERS = 30;

export function runColor(theme: Theme, store: RunStore, runId: string): string {
  return theme.palette[store.colorIndex(runId) % theme.palette.length];
}

function toDataset(line: Line, run: RunView, base: string, theme: Theme, multiRun: boolean): LineDataset {
  const s = line.style;
  const solid = s.shade
    ? color(base)
        .mix(color(theme.foreground), 1 - s.shade)
        .rgbString()
    : base;
  const stroke = s.alpha < 1 ? color(solid).alpha(s.alpha).rgbString() : solid;
  const fill = s.fillToNext ? stroke : solid;
  const markers = s.markers === true && Math.max(run.epochs, line.points.length) <= MAX_MARKERS;
  const dataset: LineDataset = {
    type: 'line',
    label: multiRun ? `${run.name} · ${line.label}` : line.label,
    data: line.points,
    borderColor: stroke,
    backgroundColor: fill,
    pointBackgroundColor: solid,
    pointBorderColor: solid,
    borderWidth: s.width * theme.lineScale,
    borderDash: s.dash ?? [],
    pointRadius: markers ? 2 : 0,
    pointHoverRadius: markers ? 4 : 3,
    fill: s.fillToNext ? '+1' : false,
    spanGaps: true,
  };
  // Faint raw traces stay out of the tooltip: their smoothed line is the one to read.
  if (s.trace) TRACES.add(dataset);
  else line.points.forEach((p, i) => POINT_STEPS.set(p, line.steps[i]));
  return dataset;
}

interface Cached {
  signature: string;
  datasets: LineDataset[];
  /** The points of the lines that are read (not faint traces), for scaling the y axis. */
  main: Pt[][];
}

export interface ChartDatasets {
  datasets: LineDataset[];
  main: Pt[][];
  /** False when every dataset is the one from the previous call. */
  changed: boolean;
}

export class ChartData {
  private readonly cache = new Map<string, Cached>();

  /**
   * The datasets of `runs` (in legend order, hidden ones left out). `look` names everything besides the
   * data that changes the result (axis, smoothing, log, metric, layers, theme generation).
   */
  datasets(
    spec: ChartSpec,
    runs: readonly RunView[],
    store: RunStore,
    theme: Theme,
    look: string,
    context: (run: RunView) => LineContext,
  ): ChartDatasets {
    const out: ChartDatasets = { datasets: [], main: [], changed: runs.length !== this.cache.size };
    const live = new Set<string>();
    for (const run of runs) {
      const d = store.series(run.id);
      const base = runColor(theme, store, run.id);
      const signature = `${look}|${d.version}|${d.steps.length}|${d.epochs.length}|${base}|${run.name}|${runs.length > 1}`;
      live.add(run.id);
      let cached = this.cache.get(run.id);
      if (!cached || cached.signature !== signature) {
        const lines = spec.lines(context(run));
        cached = {
          signature,
          datasets: lines.map((l) => toDataset(l, run, base, theme, runs.length > 1)),
          main: lines.filter((l) => !l.style.trace).map((l) => l.points),
        };
        this.cache.set(run.id, cached);
        out.changed = true;
      }
      out.datasets.push(...cached.datasets);
      out.main.push(...cached.main);
    }
    for (const id of [...this.cache.keys()]) if (!live.has(id)) this.cache.delete(id);
    return out;
  }
}
