/**
 * Markers for live controls on the step charts: a dashed vertical line in the run's color where a new
 * learning rate took effect (or the run was paused, resumed or stopped), labelled at the top. A Chart.js
 * plugin draws them; `runMarkers` places them on the chosen x axis.
 */
import { Chart, type ChartType, type Plugin } from 'chart.js';
import type { ControlPoint, RunView } from '../src/protocol/webview';
import { formatNumber } from './format';
import type { RunStore } from './runStore';
import { stepsPerEpoch, type XAxis } from './series';
import { divergenceLabel, lastFinite } from '../src/views/divergence';

export interface Marker {
  x: number;
  label: string;
  color: string;
}

interface MarkerOptions {
  lines: Marker[];
  background: string;
}

declare module 'chart.js' {
  // Merging with Chart.js's declaration needs its type parameter, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    markers?: MarkerOptions;
  }
}

const ACTION_TEXT: Record<Exclude<ControlPoint['action'], 'lr'>, string> = {
  pause: 'paused',
  resume: 'resumed',
  stop: 'stopped',
};

function controlLabel(c: ControlPoint): string {
  return c.action === 'lr' ? `lr → ${formatNumber(c.lr ?? NaN)}` : ACTION_TEXT[c.action];
}

/**
 * Where each control sits on `axis`: a control at step s took effect before step s ran, so on the step
 * axis at s (the first point with the new rate) and on the epoch axis after s steps, s / stepsPerEpoch.
 * Controls at the same x (a pause and its resume on a step axis) share one line and one label.
 */
export function controlMarkers(controls: readonly ControlPoint[], axis: XAxis, spe: number, color: string): Marker[] {
  const out: Marker[] = [];
  for (const c of controls) {
    const x = axis === 'time' ? c.t : axis === 'epoch' ? (spe > 0 ? c.step / spe : NaN) : c.step;
    if (!Number.isFinite(x)) continue;
    const same = out.find((m) => m.x === x);
    if (same) same.label += ` · ${controlLabel(c)}`;
    else out.push({ x, label: controlLabel(c), color });
  }
  return out;
}

/** The markers of every run in `runs`, each in its color. */
export function runMarkers(
  runs: readonly RunView[],
  store: RunStore,
  axis: XAxis,
  colorOf: (id: string) => string,
): Marker[] {
  return runs.flatMap((run) => {
    const { controls, epochs } = store.series(run.id);
    return controls.length ? controlMarkers(controls, axis, stepsPerEpoch(run, epochs), colorOf(run.id)) : [];
  });
}

/**
 * A diverged run's marker: at the step that was not finite (on the time axis, at its last finite step),
 * labelled with that step and the last finite loss and gradient norm.
 */
export function divergenceMarkers(
  runs: readonly RunView[],
  store: RunStore,
  axis: XAxis,
  colorOf: (id: string) => string,
): Marker[] {
  return runs.flatMap((run) => {
    if (run.divergedAtStep === undefined) return [];
    const { steps, epochs } = store.series(run.id);
    const last = lastFinite(steps, run.divergedAtStep);
    const spe = stepsPerEpoch(run, epochs);
    const at = { step: run.divergedAtStep, t: last ? (steps.find((p) => p.step === last.step)?.t ?? NaN) : NaN };
    const x = axis === 'time' ? at.t : axis === 'epoch' ? (spe > 0 ? (at.step + 1) / spe : NaN) : at.step;
    if (!Number.isFinite(x)) return [];
    return [{ x, label: divergenceLabel(run.divergedAtStep, last, formatNumber), color: colorOf(run.id) }];
  });
}

/** Labels that would overlap go to the next row down (up to three, then they may overlap). */
const ROWS = 3;

export const markerPlugin: Plugin<'line'> = {
  id: 'markers',
  afterDatasetsDraw(chart, _args, opts: MarkerOptions) {
    const x = chart.scales.x;
    if (!x || !opts.lines?.length) return;
    const { ctx, chartArea } = chart;
    const size = Number(Chart.defaults.font.size ?? 11);
    const rowEnds = new Array<number>(ROWS).fill(-Infinity);
    ctx.save();
    ctx.font = `${size}px ${Chart.defaults.font.family}`;
    ctx.textBaseline = 'top';
    for (const m of [...opts.lines].sort((a, b) => a.x - b.x)) {
      if (m.x < x.min || m.x > x.max) continue;
      const px = Math.round(x.getPixelForValue(m.x)) + 0.5;
      ctx.strokeStyle = m.color;
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      // The label sits right of its line, or left of it near the right edge, on a patch of background.
      const width = ctx.measureText(m.label).width + 6;
      const left = px + width + 2 > chartArea.right ? px - width - 2 : px + 2;
      let row = rowEnds.findIndex((end) => end < left);
      if (row < 0) row = ROWS - 1;
      rowEnds[row] = left + width + 4;
      const top = chartArea.top + 2 + row * (size + 5);
      ctx.fillStyle = opts.background;
      ctx.fillRect(left, top, width, size + 3);
      ctx.fillStyle = m.color;
      ctx.fillText(m.label, left + 3, top + 2);
    }
    ctx.restore();
  },
};
