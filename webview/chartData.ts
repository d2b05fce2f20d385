/**
 * Chart.js datasets for one chart from the runs' lines, rebuilt only for runs whose data or look changed:
 * a finished run's datasets are reused as they are while a live run's grow.
 */
import type { ChartDataset } from 'chart.js';
import { color } from 'chart.js/helpers';
import type { RunView } from '../src/protocol';
import type { ChartSpec, LineContext } from './chartSpecs';
import type { RunStore } from './runStore';
import type { Line, Pt } from './series';
import { TRACES } from './chartSetup';
import type { Theme } from './theme';

export type LineDataset = ChartDataset<'line', Pt[]>;

/** Epoch lines longer than this lose their dots: at that density they read as a thick line. */
const MAX_MARKERS = 80;

export function runColor(theme: Theme, store: RunStore, runId: string): string {
  return theme.palette[store.colorIndex(runId) % theme.palette.length];
}

function toDataset(line: Line, run: RunView, base: string, theme: Theme, multiRun: boolean): LineDataset {
  const s = line.style;
  const solid = s.shade ? color(base).mix(color(theme.foreground), 1 - s.shade).rgbString() : base;
  const stroke = s.alpha < 1 ? color(solid).alpha(s.alpha).rgbString() : solid;
  const markers = s.markers && line.points.length <= MAX_MARKERS;
  const dataset: LineDataset = {
    type: 'line',
    label: multiRun ? `${run.name} · ${line.label}` : line.label,
    data: line.points,
    borderColor: stroke,
    backgroundColor: solid,
    pointBackgroundColor: solid,
    pointBorderColor: solid,
    borderWidth: s.width * theme.lineScale,
    borderDash: s.dash ?? [],
    pointRadius: markers ? 2.5 : 0,
    pointHoverRadius: markers ? 4 : 3,
    fill: false,
    spanGaps: true,
  };
  // Faint raw traces stay out of the tooltip: their smoothed line is the one to read.
  if (s.alpha < 0.5) TRACES.add(dataset);
  return dataset;
}

interface Cached {
  signature: string;
  datasets: LineDataset[];
}

export class ChartData {
  private readonly cache = new Map<string, Cached>();

  /**
   * The datasets of `runs` (in legend order, hidden ones left out). `look` names everything besides the
   * data that changes the result (axis, smoothing, log, metric, layers, theme generation).
   */
  datasets(spec: ChartSpec, runs: readonly RunView[], store: RunStore, theme: Theme, look: string, context: (run: RunView) => LineContext): LineDataset[] {
    const out: LineDataset[] = [];
    const live = new Set<string>();
    for (const run of runs) {
      const d = store.series(run.id);
      const base = runColor(theme, store, run.id);
      const signature = `${look}|${d.version}|${d.steps.length}|${d.epochs.length}|${base}|${run.name}|${runs.length > 1}`;
      live.add(run.id);
      let cached = this.cache.get(run.id);
      if (!cached || cached.signature !== signature) {
        const lines = spec.lines(context(run));
        cached = { signature, datasets: lines.map((l) => toDataset(l, run, base, theme, runs.length > 1)) };
        this.cache.set(run.id, cached);
      }
      out.push(...cached.datasets);
    }
    for (const id of [...this.cache.keys()]) if (!live.has(id)) this.cache.delete(id);
    return out;
  }
}
