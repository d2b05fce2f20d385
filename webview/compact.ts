/**
 * The side bar's view of the active run: its name and status, epoch and ETA, Pause / Stop, a small loss
 * chart and its learning rate.
 */
import { ChartCard } from './chartCard';
import { ChartData, runColor } from './chartData';
import { type ChartId, COMPACT_SPECS } from './chartSpecs';
import { h } from './dom';
import { runMarkers } from './markers';
import { RunHeader } from './runHeader';
import { yRange } from './scaleRange';
import { lineContexts, runActions, type View, type ViewContext } from './view';

export class CompactView implements View {
  readonly el: HTMLElement;
  private readonly header: RunHeader;
  private readonly slots: { card: ChartCard; data: ChartData }[];
  private readonly empty = h('p', {
    class: 'll-compact-empty',
    text: 'No run yet. Start a training run to follow it here.',
  });

  constructor(private readonly c: ViewContext) {
    this.header = new RunHeader(runActions(c), true);
    this.slots = COMPACT_SPECS.map((spec) => ({
      data: new ChartData(),
      card: new ChartCard(spec, this.look(spec.id), { onExport: (name, dataUrl) => c.bridge.exportPng(name, dataUrl) }),
    }));
    this.el = h('div', { class: 'll-compact' }, this.empty, this.header.el, ...this.slots.map((s) => s.card.el));
  }

  private look(id: ChartId) {
    return {
      theme: this.c.theme(),
      axis: 'step' as const,
      log: this.c.ui().logY[id],
      compact: true,
      onZoom: () => undefined,
    };
  }

  render(): void {
    const { store } = this.c;
    const run = store.activeRun();
    this.empty.hidden = run !== null;
    for (const s of this.slots) s.card.el.hidden = run === null;
    this.tick();
    if (!run) return;
    const ui = { ...this.c.ui(), xAxis: 'step' as const, layerNorms: false };
    const context = lineContexts(store, ui, null);
    const markers = runMarkers([run], store, 'step', (id) => runColor(this.c.theme(), store, id));
    for (const { card, data } of this.slots) {
      card.setMarkers(markers);
      const log = ui.logY[card.spec.id];
      card.setLook(this.look(card.spec.id));
      const look = `${ui.smoothing}|${log}|${this.c.themeGeneration()}`;
      const built = data.datasets(card.spec, [run], store, this.c.theme(), look, (r) => ({ ...context(r), log }));
      card.setDatasets(built.datasets, 'Waiting for the first steps…');
      if (built.changed)
        card.setYRange(yRange(built.main, { robust: card.spec.robust, ignoreOutliers: ui.ignoreOutliers, log }));
    }
  }

  tick(): void {
    const run = this.c.store.activeRun();
    const paused = run !== null && this.c.ui().paused.includes(run.id);
    this.header.update(
      run,
      run ? runColor(this.c.theme(), this.c.store, run.id) : '',
      run ? this.c.store.elapsed(run, this.c.now(), paused) : 0,
      paused,
    );
    if (run) this.header.lr.update(run.id, this.c.store.series(run.id).steps.at(-1)?.lr ?? null);
  }

  destroy(): void {
    for (const s of this.slots) s.card.destroy();
    this.el.remove();
  }
}
