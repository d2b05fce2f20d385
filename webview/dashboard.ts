/**
 * The full dashboard: the active run's header, the controls, the runs' legend, a responsive grid of
 * charts (loss, metric, gradient norm, learning rate, update ratio; live controls marked on loss and
 * learning rate), the active run's end-of-run views and the runs' summary table.
 */
import type { RunView } from '../src/protocol/webview';
import { ChartCard } from './chartCard';
import { ChartData, runColor } from './chartData';
import { CHART_IDS, CHART_SPECS, type ChartId, type ChartSpec } from './chartSpecs';
import { Controls } from './controls';
import { button, h, setPressed } from './dom';
import { seriesCsv, seriesJson } from '../src/views/exportData';
import { RunLegend } from './legend';
import { divergenceMarkers, runMarkers } from './markers';
import { divergenceLabel, lastFinite } from '../src/views/divergence';
import { formatNumber } from './format';
import { metricNames, pickMetric } from '../src/views/metrics';
import { ResultsView } from './resultsView';
import { TransitionsView } from './transitionsView';
import { GenerateCard } from './generateCard';
import { SurfaceCard } from './surfaceCard';
import { RunHeader } from './runHeader';
import { yRange } from './scaleRange';
import { SummaryTable } from './summaryTable';
import { SeedsCard } from './seedsCard';
import { ExperimentCards } from './experimentCards';
import { XControl } from './xControl';
import { isOrdered } from './xSeries';
import type { XAxis } from './series';
import { lineContexts, type RenderChange, runActions, type View, type ViewContext } from './view';

interface Slot {
  spec: ChartSpec;
  card: ChartCard;
  data: ChartData;
  x: XControl;
}

/**
 * Envelope buckets for a chart of this width: one per pixel, in steps of 100 so a resize does not
 * rebuild every dataset (600 before the first layout).
 */
function envelopeBuckets(width: number): number {
  return Math.max(100, Math.round((width || 600) / 100) * 100);
}

export class Dashboard implements View {
  readonly el: HTMLElement;
  private readonly header: RunHeader;
  private readonly controls: Controls;
  private readonly legend: RunLegend;
  private readonly table = new SummaryTable();
  private readonly experiments: ExperimentCards;
  private readonly results: ResultsView;
  private readonly seeds: SeedsCard;
  private readonly transitions = new TransitionsView();
  private readonly generate = new GenerateCard();
  private readonly surfaces: SurfaceCard;
  private readonly slots: Slot[];
  private readonly metricSelect: HTMLSelectElement;
  private readonly layerToggle: HTMLButtonElement;
  private readonly emptyState: HTMLElement;
  private readonly body: HTMLElement;
  private metrics: string[] = [];
  private epochCounts = '';
  /** A run picked in the table: the header follows it until the host makes another run active. */
  private selected: string | null = null;
  private hostActive: string | null = null;

  constructor(private readonly c: ViewContext) {
    const { bridge } = c;
    this.header = new RunHeader(runActions(c), false);
    this.controls = new Controls({
      setSmoothing: (w) => c.setUi({ smoothing: w }),
      setXAxis: (xAxis) => c.setUi({ xAxis }),
      setIgnoreOutliers: (ignoreOutliers) => c.setUi({ ignoreOutliers }),
      setAllLog: (log) =>
        c.setUi({ logY: Object.fromEntries(CHART_IDS.map((id) => [id, log])) as Record<ChartId, boolean> }),
      resetZoom: () => this.slots.forEach((s) => s.card.resetZoom()),
      exportData: (format) => bridge.exportData(format, () => this.exportSeries(format)),
      exportReport: bridge.live ? () => bridge.post({ type: 'exportData', format: 'html' }) : undefined,
      interpolate: bridge.live ? () => bridge.post({ type: 'interpolate' }) : undefined,
    });
    this.legend = new RunLegend((hiddenRuns) => c.setUi({ hiddenRuns }));
    this.results = new ResultsView((name, dataUrl) => bridge.exportPng(name, dataUrl));
    this.seeds = new SeedsCard((band) => c.setUi({ band }));
    this.surfaces = new SurfaceCard(bridge.live ? (x, y) => bridge.post({ type: 'surfaceFeatures', x, y }) : null);
    this.metricSelect = h('select', { class: 'll-select', attrs: { 'aria-label': 'Metric' } });
    this.metricSelect.addEventListener('change', () => c.setUi({ metric: this.metricSelect.value }));
    this.layerToggle = button('Per layer', () => c.setUi({ layerNorms: !c.ui().layerNorms }), {
      secondary: true,
      class: 'll-tool',
      title: 'Show the gradient norm of each layer',
    });
    const tools: Partial<Record<ChartId, HTMLElement[]>> = {
      metric: [this.metricSelect],
      gradNorm: [this.layerToggle],
    };
    this.slots = CHART_SPECS.map((spec) => {
      const x = new XControl(spec.title, {
        setX: (own) => {
          const xBy = { ...c.ui().xBy };
          if (own === null) delete xBy[spec.id];
          else xBy[spec.id] = own;
          c.setUi({ xBy });
        },
        toggleLogX: () => c.setUi({ logX: { ...c.ui().logX, [spec.id]: !c.ui().logX[spec.id] } }),
      });
      return {
        spec,
        x,
        data: new ChartData(),
        card: new ChartCard(spec, this.look(spec), {
          tools: [...(tools[spec.id] ?? []), ...x.els],
          onToggleLog: () => c.setUi({ logY: { ...c.ui().logY, [spec.id]: !c.ui().logY[spec.id] } }),
          onExport: (name, dataUrl) => bridge.exportPng(name, dataUrl),
        }),
      };
    });
    this.emptyState = h(
      'div',
      { class: 'll-empty-state' },
      h('h1', { text: 'No runs to show yet' }),
      h('p', {
        text: 'Start a training run and its loss, metrics, gradients and learning rate appear here as it trains.',
      }),
    );
    // A line or row of the sweep card selects its run as a row of the runs table does.
    this.experiments = new ExperimentCards(c, (id) => {
      this.selected = id;
      c.setUi({});
    });
    this.body = h(
      'div',
      { class: 'll-body' },
      this.header.el,
      this.experiments.sweepEl,
      this.controls.el,
      this.legend.el,
      h('div', { class: 'll-grid' }, ...this.slots.map((s) => s.card.el)),
      this.seeds.el,
      this.transitions.el,
      this.generate.el,
      this.surfaces.el,
      this.results.el,
      this.experiments.rowsEl,
      this.table.el,
    );
    this.el = h('div', { class: 'll-dashboard' }, this.emptyState, this.experiments.top, this.body);
  }

  private look(spec: ChartSpec) {
    const ui = this.c.ui();
    return {
      theme: this.c.theme(),
      axis: ui.xBy[spec.id] ?? ui.xAxis,
      log: ui.logY[spec.id],
      logX: ui.logX[spec.id] === true,
      compact: false,
      reference: spec.reference,
      onZoom: () => undefined,
      onCursor: (step: number | null) => {
        for (const slot of this.slots) if (slot.spec !== spec) slot.card.showStep(step);
      },
    };
  }

  private activeRun(): RunView | null {
    const { store } = this.c;
    return store.runs.find((r) => r.id === this.selected) ?? store.activeRun();
  }

  private colorOf = (id: string) => runColor(this.c.theme(), this.c.store, id);

  render(change: RenderChange): void {
    const { store } = this.c;
    const ui = this.c.ui();
    const runs = store.runs;
    const hostActive = store.activeRun()?.id ?? null;
    if (hostActive !== this.hostActive) {
      this.hostActive = hostActive;
      this.selected = null;
    }
    this.experiments.render(this.activeRun());
    this.emptyState.hidden = runs.length > 0 || this.experiments.shown;
    this.body.hidden = runs.length === 0;
    if (runs.length === 0) return;

    const hidden = new Set(ui.hiddenRuns);
    const visible = runs.filter((r) => !hidden.has(r.id));
    this.updateHeader();
    this.legend.update(runs, this.colorOf, hidden);
    const logs = CHART_IDS.map((id) => ui.logY[id]);
    this.controls.update({
      smoothing: ui.smoothing,
      xAxis: ui.xAxis,
      allLog: logs.every(Boolean) ? true : logs.some(Boolean) ? null : false,
      ignoreOutliers: ui.ignoreOutliers,
    });

    const names = metricNames(runs.map((r) => store.series(r.id).epochs));
    const metric = pickMetric(ui.metric, names);
    if (names.join() !== this.metrics.join()) {
      this.metrics = names;
      this.metricSelect.replaceChildren(...names.map((n) => h('option', { text: n, attrs: { value: n } })));
    }
    this.metricSelect.hidden = names.length === 0;
    if (metric !== null) this.metricSelect.value = metric;
    setPressed(this.layerToggle, ui.layerNorms);

    const context = lineContexts(store, ui, metric);
    const generation = this.c.themeGeneration();
    for (const { spec, card, data, x: xControl } of this.slots) {
      const x = ui.xBy[spec.id] ?? ui.xAxis;
      const logX = ui.logX[spec.id] === true;
      xControl.update(names, ui.xBy[spec.id], ui.xAxis, logX);
      // Run and divergence markers sit at a step, so only on an axis that rises with it.
      const ordered = isOrdered(x);
      const diverged = ordered ? divergenceMarkers(visible, store, x as XAxis, this.colorOf) : [];
      if (spec.id === 'loss' || spec.id === 'lr')
        card.setMarkers(ordered ? [...runMarkers(visible, store, x as XAxis, this.colorOf), ...diverged] : []);
      if (spec.id === 'gradNorm') card.setMarkers(diverged);
      const log = ui.logY[spec.id];
      card.setLook(this.look(spec));
      if (spec.id === 'metric') card.setTitle('Metric', `losslab-metric-${metric ?? 'none'}`);
      if (spec.id === 'gradNorm')
        card.setTitle(ui.layerNorms ? 'Gradient norm per layer' : 'Gradient norm', 'losslab-grad-norm');
      const envelope = isOrdered(x) ? envelopeBuckets(card.plotWidth()) : 0;
      const look = `${x}|${logX}|${envelope}|${ui.smoothing}|${log}|${metric}|${ui.layerNorms}|${generation}`;
      const built = data.datasets(spec, visible, store, this.c.theme(), look, (run) => ({
        ...context(run, x),
        log,
        logX,
        envelope,
      }));
      card.setDatasets(built.datasets, this.emptyText(spec.id, visible.length, names.length));
      if (built.changed || change.ui || change.theme)
        card.setYRange(yRange(built.main, { robust: spec.robust, ignoreOutliers: ui.ignoreOutliers, log }));
    }

    this.seeds.update({
      runs: visible,
      epochsOf: (id) => store.series(id).epochs,
      theme: this.c.theme(),
      band: ui.band,
    });
    this.updateResults();
    this.updateSurfaces(visible);
    const epochCounts = runs.map((r) => store.series(r.id).epochs.length).join();
    if (change.runs || change.ui || change.theme || epochCounts !== this.epochCounts) {
      this.epochCounts = epochCounts;
      this.updateTable(metric);
    }
  }

  private emptyText(id: ChartId, visible: number, metrics: number): string {
    if (visible === 0) return 'Every run is hidden: click one in the legend above.';
    if (id === 'metric' && metrics === 0)
      return 'Metrics appear after the first epoch (embedding and distribution tasks may report none).';
    return 'Waiting for the first steps…';
  }

  private updateHeader(): void {
    const run = this.activeRun();
    const paused = run !== null && this.c.ui().paused.includes(run.id);
    const diverged = run?.divergedAtStep;
    this.header.update(
      run,
      run ? this.colorOf(run.id) : '',
      run ? this.c.store.elapsed(run, this.c.now(), paused) : 0,
      paused,
      run && diverged !== undefined
        ? divergenceLabel(diverged, lastFinite(this.c.store.series(run.id).steps, diverged), formatNumber)
        : null,
    );
    if (run) this.header.lr.update(run.id, this.c.store.series(run.id).steps.at(-1)?.lr ?? null);
  }

  private updateResults(): void {
    const run = this.activeRun();
    this.results.update(
      run,
      run ? this.c.store.results(run.id) : null,
      this.c.theme(),
      this.c.themeGeneration(),
      run ? this.colorOf(run.id) : '',
    );
    const epochs = run ? this.c.store.series(run.id).epochs : [];
    this.transitions.update(epochs, this.c.theme(), this.c.themeGeneration());
    const generated = run ? this.c.store.generated(run.id) : null;
    this.generate.update(run, epochs, generated, this.c.theme(), `${run?.id}|${this.c.themeGeneration()}`);
  }

  /** One surface per visible run that has one, in legend order. */
  private updateSurfaces(visible: RunView[]): void {
    const { store } = this.c;
    const shown = visible.flatMap((run) => {
      const surface = store.surface(run.id);
      return surface ? [{ run, surface, color: this.colorOf(run.id) }] : [];
    });
    this.surfaces.update(shown, this.c.theme(), this.c.themeGeneration());
  }

  private updateTable(metric: string | null): void {
    const { store, bridge } = this.c;
    const ui = this.c.ui();
    const paused = new Set(ui.paused);
    this.table.update({
      runs: store.runs,
      epochs: (id) => store.series(id).epochs,
      colorOf: this.colorOf,
      elapsed: (run) => store.elapsed(run, this.c.now(), paused.has(run.id)),
      hidden: new Set(ui.hiddenRuns),
      activeId: this.activeRun()?.id ?? null,
      metric,
      paused,
      openRun: bridge.live ? (runId) => bridge.post({ type: 'openRun', runId }) : null,
      select: (id) => {
        this.selected = id;
        this.updateHeader();
        this.updateResults();
        this.updateTable(metric);
      },
    });
  }

  private exportSeries(format: 'csv' | 'json'): string {
    // Every listed run, hidden or not, as the host's export does.
    const { store } = this.c;
    const series = store.runs.map((run) => ({ run, ...store.series(run.id) }));
    return format === 'csv' ? seriesCsv(series) : seriesJson(series);
  }

  tick(): void {
    this.updateHeader();
    const paused = new Set(this.c.ui().paused);
    this.table.tick((run) => this.c.store.elapsed(run, this.c.now(), paused.has(run.id)));
  }

  destroy(): void {
    for (const s of this.slots) s.card.destroy();
    this.experiments.destroy();
    this.results.destroy();
    this.seeds.destroy();
    this.generate.destroy();
    this.el.remove();
  }
}
