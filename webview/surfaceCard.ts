/**
 * The decision surface card: for each visible run that has one, the model's prediction over the grid of two
 * of its features (its first two until the user picks others in the card's two selects, which the host
 * computes from each run's weights; the others held at their median), side by side. A
 * classifier's cell is its predicted class's colour, more opaque the more confident; a regressor's is a
 * heat map with its scale beside it. The validation rows are dots coloured by their true class or value.
 */
import { color } from 'chart.js/helpers';
import type { RunView, SurfaceView } from '../src/protocol/webview';
import { h, setText } from './dom';
import { formatNumber } from './format';
import { type Rgb, VIRIDIS, heatColor, toCanvas } from './surfaceScale';
import type { Theme } from './theme';

/** The canvas's CSS size: small enough for three side by side in a wide panel. */
const SIDE = 240;

/** Class k's colour: the theme's chart colours in order. */
export function classColor(theme: Theme, k: number): Rgb {
  const c = color(theme.palette[k % theme.palette.length]).rgb;
  return [c.r, c.g, c.b];
}

/** The range the heat map spans: the grid's predictions and the rows' true values together. */
function valueRange(s: SurfaceView): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [...s.value, ...s.points.target])
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** The grid as an image, one pixel per cell, row 0 (the axis's minimum) at the bottom. */
function gridImage(s: SurfaceView, theme: Theme, range: [number, number]): ImageData {
  const img = new ImageData(s.size, s.size);
  const k = s.classes?.length ?? 2;
  for (let j = 0; j < s.size; j++)
    for (let i = 0; i < s.size; i++) {
      const cell = j * s.size + i;
      const o = ((s.size - 1 - j) * s.size + i) * 4;
      if (s.task === 'regression') {
        img.data.set([...heatColor((s.value[cell] - range[0]) / (range[1] - range[0] || 1)), 255], o);
        continue;
      }
      // Confidence runs from chance (1/k) to certainty: faint where the model is unsure, strong where it is sure.
      const sure = Math.max(0, (s.value[cell] - 1 / k) / (1 - 1 / k));
      img.data.set([...classColor(theme, s.predicted[cell]), Math.round(255 * (0.12 + 0.73 * sure))], o);
    }
  return img;
}

function draw(canvas: HTMLCanvasElement, s: SurfaceView, theme: Theme, range: [number, number]): void {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = canvas.height = Math.round(SIDE * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const grid = document.createElement('canvas');
  grid.width = grid.height = s.size;
  grid.getContext('2d')!.putImageData(gridImage(s, theme, range), 0, 0);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, SIDE, SIDE);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(grid, 0, 0, SIDE, SIDE);
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.background;
  const { x, y, target } = s.points;
  for (let p = 0; p < x.length; p++) {
    const rgb =
      s.task === 'regression'
        ? heatColor((target[p] - range[0]) / (range[1] - range[0] || 1))
        : classColor(theme, target[p]);
    ctx.fillStyle = `rgb(${rgb.join(',')})`;
    ctx.beginPath();
    ctx.arc(toCanvas(s.x, s.size, SIDE, x[p]), SIDE - toCanvas(s.y, s.size, SIDE, y[p]), 3, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}

function legend(s: SurfaceView, theme: Theme, range: [number, number]): HTMLElement {
  if (s.task !== 'regression')
    return h(
      'div',
      { class: 'll-surface-legend' },
      ...(s.classes ?? []).map((c, k) => {
        const swatch = h('span', { class: 'll-surface-swatch' });
        swatch.style.backgroundColor = `rgb(${classColor(theme, k).join(',')})`;
        return h('span', { class: 'll-surface-key' }, swatch, c);
      }),
    );
  const bar = h('span', { class: 'll-surface-scale' });
  bar.style.backgroundImage = `linear-gradient(to right, ${VIRIDIS.map((c) => `rgb(${c.join(',')})`).join(', ')})`;
  return h(
    'div',
    { class: 'll-surface-legend' },
    h('span', { text: formatNumber(range[0]) }),
    bar,
    h('span', { text: formatNumber(range[1]) }),
  );
}

/** One run's surface: its name in its colour, the canvas between its axes' ranges, and the legend. */
function panel(run: RunView, runColor: string, s: SurfaceView, theme: Theme): HTMLElement {
  const range = valueRange(s);
  const canvas = h('canvas', {
    class: 'll-surface-canvas',
    attrs: {
      role: 'img',
      'aria-label': `${run.name}: ${s.task === 'regression' ? 'prediction' : 'predicted class'} over ${s.x.name} and ${s.y.name}, epoch ${s.epoch}`,
      'data-run': run.id,
    },
  });
  canvas.style.width = canvas.style.height = `${SIDE}px`;
  draw(canvas, s, theme, range);
  const name = h('div', { class: 'll-surface-run', text: `${run.name} · epoch ${s.epoch}` });
  name.style.borderColor = runColor;
  const axisX = h('div', {
    class: 'll-surface-axis',
    text: `${s.x.name}: ${formatNumber(s.x.min)} … ${formatNumber(s.x.max)}`,
  });
  const axisY = h('div', {
    class: 'll-surface-axis',
    text: `${s.y.name} (up): ${formatNumber(s.y.min)} … ${formatNumber(s.y.max)}`,
  });
  return h('figure', { class: 'll-surface' }, name, canvas, axisX, axisY, legend(s, theme, range));
}

/** A select of feature names. */
function featureSelect(label: string): HTMLSelectElement {
  return h('select', { class: 'll-select ll-surface-pick', attrs: { 'aria-label': label } });
}

export class SurfaceCard {
  readonly el: HTMLElement;
  private readonly note = h('div', { class: 'll-card-note' });
  private readonly row = h('div', { class: 'll-surface-row' });
  private readonly pickX = featureSelect('Feature across (x)');
  private readonly pickY = featureSelect('Feature up (y)');
  private key = '';
  private features = '';
  /** The pair shown now: a pick of the other's feature swaps the two. */
  private shown: [string, string] = ['', ''];

  /** `pick`: asks the host for the surfaces over two features; null in a static report (nothing to compute them). */
  constructor(pick: ((x: string, y: string) => void) | null) {
    const tools = h('div', { class: 'll-card-tools' });
    if (pick) {
      const changed = (which: 0 | 1) => {
        const next: [string, string] = [this.pickX.value, this.pickY.value];
        if (next[0] === next[1]) next[1 - which] = this.shown[which];
        this.pickX.value = next[0];
        this.pickY.value = next[1];
        pick(next[0], next[1]);
      };
      this.pickX.addEventListener('change', () => changed(0));
      this.pickY.addEventListener('change', () => changed(1));
      tools.append(
        h('label', { class: 'll-control' }, h('span', { class: 'll-control-label', text: 'x' }), this.pickX),
        h('label', { class: 'll-control' }, h('span', { class: 'll-control-label', text: 'y' }), this.pickY),
      );
    }
    this.el = h(
      'section',
      { class: 'll-card ll-card-surface', attrs: { 'aria-label': 'Decision surface' } },
      h('header', { class: 'll-card-head' }, h('h2', { class: 'll-card-title', text: 'Decision surface' }), tools),
      this.note,
      this.row,
    );
    this.el.hidden = true;
  }

  /** The selects list the first surface's features, its pair selected (a run without the pair keeps its first two). */
  private updatePickers(s: SurfaceView): void {
    const features = JSON.stringify(s.features);
    if (features !== this.features) {
      this.features = features;
      for (const select of [this.pickX, this.pickY])
        select.replaceChildren(...s.features.map((f) => h('option', { text: f, attrs: { value: f } })));
    }
    this.shown = [s.x.name, s.y.name];
    this.pickX.value = s.x.name;
    this.pickY.value = s.y.name;
  }

  /** Redraws only when a shown surface (its epoch or features), the runs shown, their colours or the theme changed. */
  update(runs: { run: RunView; surface: SurfaceView; color: string }[], theme: Theme, generation: number): void {
    this.el.hidden = runs.length === 0;
    const key = [
      generation,
      ...runs.map(
        (r) => `${r.run.id}|${r.run.name}|${r.color}|${r.surface.epoch}|${r.surface.x.name}|${r.surface.y.name}`,
      ),
    ].join(';');
    if (runs.length === 0 || key === this.key) return;
    this.key = key;
    const s = runs[0].surface;
    this.updatePickers(s);
    setText(
      this.note,
      `${s.x.name} across, ${s.y.name} up; any other features at their training median · dots: validation rows, coloured by their true ${s.task === 'regression' ? 'value' : 'class'}`,
    );
    this.row.replaceChildren(...runs.map((r) => panel(r.run, r.color, r.surface, theme)));
  }
}
