/** One chart in its card: title, tools (log scale, reset zoom, PNG), a key to the line styles, the canvas. */
import { Chart } from 'chart.js';
import type { ChartSpec } from './chartSpecs';
import type { LineDataset } from './chartData';
import { type ChartLook, chartOptions, itemsAtStep } from './chartSetup';
import { button, h, setPressed, setText } from './dom';
import { formatNumber } from './format';
import type { Marker } from './markers';
import type { Pt } from './series';
import { isOrdered, xLabel, type XSeries } from './xSeries';

export interface CardHooks {
  onToggleLog?: () => void;
  onExport: (name: string, dataUrl: string) => void;
  /** Extra tools before the standard ones (a metric picker, a per-layer toggle). */
  tools?: HTMLElement[];
}

/** A key's line sample: solid, dashed or faint (dots are left out: long runs draw their lines without). */
function keyClass(style: ChartSpec['styleKey'][number]['style']): string {
  return ['ll-key-line', style.dash ? 'll-dashed' : '', style.alpha < 1 ? 'll-faint' : ''].filter(Boolean).join(' ');
}

export class ChartCard {
  readonly el: HTMLElement;
  private readonly chart: Chart<'line', Pt[]>;
  private readonly title: HTMLElement;
  private readonly empty: HTMLElement;
  /** The values at the cursor's step, as text for screen readers (the tooltip is drawn on the canvas). */
  private readonly readout: HTMLElement;
  private readonly logButton: HTMLButtonElement | null;
  private readonly resetButton: HTMLButtonElement;
  private lookKey = '';
  private yRange: { min: number; max: number } | null = null;
  private exportName: string;
  private markers: Marker[] = [];
  /** Whether x rises with the step (see xSeries.ts): only then does the x axis start at 0. */
  private ordered = true;
  private axis: XSeries = 'step';
  /** The step the synchronized cursor shows here (see showStep); undefined once this chart is hovered itself. */
  private shownStep: number | null | undefined = undefined;

  constructor(
    readonly spec: ChartSpec,
    look: ChartLook,
    private readonly hooks: CardHooks,
  ) {
    this.exportName = `losslab-${spec.id}`;
    this.title = h('h2', { class: 'll-card-title', text: spec.title });
    this.logButton = hooks.onToggleLog
      ? button('Log', () => hooks.onToggleLog?.(), { secondary: true, class: 'll-tool', title: 'Logarithmic y axis' })
      : null;
    this.resetButton = button('Reset', () => this.resetZoom(), {
      secondary: true,
      class: 'll-tool',
      title: 'Reset zoom and pan (or double-click the chart)',
    });
    const png = button(
      'PNG',
      () => this.hooks.onExport(`${this.exportName}.png`, this.chart.toBase64Image('image/png', 1)),
      {
        secondary: true,
        class: 'll-tool',
        title: 'Save this chart as a PNG image',
      },
    );
    const tools = look.compact ? [] : [...(hooks.tools ?? []), this.logButton, this.resetButton, png];
    const key = h(
      'div',
      { class: 'll-key' },
      ...spec.styleKey.map((k) =>
        h('span', { class: 'll-key-item' }, h('span', { class: keyClass(k.style) }), k.label),
      ),
    );
    const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': `${spec.title} chart` } });
    this.empty = h('div', { class: 'll-empty', text: 'Waiting for data…' });
    this.readout = h('div', { class: 'll-readout', attrs: { 'aria-live': 'polite' } });
    this.el = h(
      'section',
      { class: `ll-card ll-card-${spec.id}` },
      h(
        'header',
        { class: 'll-card-head' },
        this.title,
        h('div', { class: 'll-card-tools' }, ...tools.filter((t) => t !== null)),
      ),
      look.compact ? null : key,
      h('div', { class: 'll-canvas-box' }, canvas, this.empty),
      this.readout,
    );
    this.lookKey = this.keyOf(look);
    this.chart = new Chart<'line', Pt[]>(canvas, { type: 'line', data: { datasets: [] }, options: this.options(look) });
    canvas.addEventListener('dblclick', () => this.resetZoom());
    canvas.addEventListener('mouseleave', () => {
      this.shownStep = undefined;
      this.setReadout(null);
      look.onCursor?.(null);
    });
    this.ordered = isOrdered(look.axis);
    this.axis = look.axis;
    this.setLog(look.log);
  }

  private keyOf(look: ChartLook): string {
    return JSON.stringify([look.theme, look.axis, look.log, look.logX === true, look.compact]);
  }

  private options(look: ChartLook) {
    const samples = (width: number) => Math.max(200, Math.round(2 * width));
    const onCursor = (step: number | null) => {
      this.shownStep = undefined;
      this.setReadout(step);
      look.onCursor?.(step);
    };
    const o = chartOptions({ ...look, onZoom: () => this.markZoom(), onCursor }, samples(600));
    if (o.scales?.y && this.yRange) Object.assign(o.scales.y, this.yRange);
    if (o.plugins?.markers) o.plugins.markers.lines = this.markers;
    // Decimation keeps about two samples per horizontal pixel, so it follows the canvas width.
    o.onResize = (chart, size) => {
      const d = chart.options.plugins?.decimation;
      if (d && d.enabled && d.algorithm === 'lttb') {
        d.samples = samples(size.width);
        d.threshold = Math.round(d.samples * 1.5);
      }
    };
    return o;
  }

  /** New axis, scale or theme: new options (a zoom belongs to the old axes, so it is dropped). */
  setLook(look: ChartLook): void {
    const key = this.keyOf(look);
    if (key === this.lookKey) return;
    this.lookKey = key;
    this.ordered = isOrdered(look.axis);
    this.axis = look.axis;
    this.chart.resetZoom('none');
    this.chart.options = this.options(look);
    this.setLog(look.log);
    this.chart.update('none');
    this.markZoom();
  }

  private setLog(log: boolean): void {
    if (this.logButton) setPressed(this.logButton, log);
  }

  setTitle(title: string, exportName: string): void {
    setText(this.title, title);
    // The host accepts only plain file names.
    this.exportName = exportName.replace(/[^\w.-]+/g, '-');
  }

  setDatasets(datasets: LineDataset[], emptyText: string): void {
    const same =
      datasets.length === this.chart.data.datasets.length &&
      datasets.every((d, i) => d === this.chart.data.datasets[i]);
    this.empty.hidden = datasets.some((d) => d.data.length > 0);
    setText(this.empty, emptyText);
    if (same) return;
    this.chart.data.datasets = datasets;
    this.applyXFloor(datasets);
    this.chart.update('none');
  }

  /** The x axis starts at 0, or further left for a run that pretrained (its pretraining steps are negative). */
  private applyXFloor(datasets: readonly LineDataset[]): void {
    const x = this.chart.options.scales?.x;
    if (!x || !this.ordered || x.type === 'logarithmic' || this.chart.isZoomedOrPanned()) return;
    let lowest = 0;
    for (const d of datasets) if (d.data.length > 0 && d.data[0].x < lowest) lowest = d.data[0].x;
    x.min = lowest;
  }

  /** Live-control markers (see markers.ts); redrawn only when they changed. */
  setMarkers(markers: Marker[]): void {
    if (JSON.stringify(markers) === JSON.stringify(this.markers)) return;
    this.markers = markers;
    const o = this.chart.options.plugins?.markers;
    if (o) o.lines = markers;
    this.chart.update('none');
  }

  /**
   * Fixes the y range (null: fit the data). Left alone while the user is zoomed in: the zoom owns the
   * axes until it is reset.
   */
  setYRange(range: { min: number; max: number } | null): void {
    this.yRange = range;
    this.applyYRange();
  }

  private applyYRange(): void {
    const range = this.yRange;
    const y = this.chart.options.scales?.y;
    if (!y || this.chart.isZoomedOrPanned()) return;
    if (y.min === range?.min && y.max === range?.max) return;
    // Removed rather than set to undefined, so the axis fits the data again.
    if (range) Object.assign(y, range);
    else {
      delete y.min;
      delete y.max;
    }
    this.chart.update('none');
  }

  /** The synchronized cursor: every line's point at step `s` highlighted (null: none), as if hovered. */
  showStep(s: number | null): void {
    // The hovered chart reports on every mouse move; redraw only when the step changes.
    if (s === this.shownStep) return;
    this.shownStep = s;
    const items = s === null ? [] : itemsAtStep(this.chart, s);
    const now = this.chart.getActiveElements();
    if (items.length === 0 && now.length === 0) return this.setReadout(null);
    this.chart.setActiveElements(items.map(({ datasetIndex, index }) => ({ datasetIndex, index })));
    this.chart.update('none');
    this.setReadout(s);
  }

  private setReadout(s: number | null): void {
    const items = s === null ? [] : itemsAtStep(this.chart, s);
    const values = items.map(({ datasetIndex, index }) => {
      const d = this.chart.data.datasets[datasetIndex];
      return `${d.label ?? ''}: ${formatNumber(d.data[index].y)}`;
    });
    const x = items.length ? this.chart.data.datasets[items[0].datasetIndex].data[items[0].index].x : 0;
    const where = this.axis === 'step' ? `step ${s}` : `${xLabel(this.axis)} ${formatNumber(x)} · step ${s}`;
    setText(this.readout, items.length ? `${where} · ${values.join(' · ')}` : '');
  }

  /** The width of the plotting area in pixels (0 before the first layout). */
  plotWidth(): number {
    const area = this.chart.chartArea;
    return area ? Math.max(0, area.right - area.left) : 0;
  }

  resetZoom(): void {
    this.chart.resetZoom('none');
    // The reset restores the limits from before the zoom; the data may have moved on since.
    this.applyYRange();
    this.markZoom();
  }

  private markZoom(): void {
    this.resetButton.classList.toggle('ll-active', this.chart.isZoomedOrPanned());
  }

  destroy(): void {
    this.chart.destroy();
    this.el.remove();
  }
}
