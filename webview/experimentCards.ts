/**
 * The dashboard's experiment cards: the LR range test, the schedule preview and the loss between two
 * solutions (shown even before any run is, so they sit above the run view) and the sweep card (which belongs
 * with the runs it describes).
 */
import type { RunView, ToolCardId } from '../src/protocol/webview';
import { runColor } from './chartData';
import { h } from './dom';
import { InterpolationCard } from './interpolationCard';
import { LrFindCard } from './lrFindCard';
import { metricNames } from '../src/views/metrics';
import { SchedulePreviewCard } from './schedulePreviewCard';
import { RowsCard } from './rowsCard';
import { SweepCard } from './sweepCard';
import type { ViewContext } from './view';

export class ExperimentCards {
  /** The LR range test and schedule preview. */
  readonly top: HTMLElement;
  private readonly lrFind: LrFindCard;
  private readonly schedule: SchedulePreviewCard;
  private readonly interpolation: InterpolationCard;
  private readonly sweep: SweepCard;
  /** Holds the sweep card while it has a sweep to show. */
  private readonly sweepBox = h('div', { class: 'll-sweep-box' });
  private readonly rows: RowsCard;
  /** Holds the Rows card while a shown run has recorded rows. */
  readonly rowsEl = h('div', { class: 'll-rows-box' });

  constructor(
    private readonly c: ViewContext,
    /** Makes a run the dashboard's active one (as a click in the runs table does). */
    select: (id: string) => void,
  ) {
    const exportPng = (name: string, dataUrl: string) => c.bridge.exportPng(name, dataUrl);
    const close = (card: ToolCardId) => () => c.bridge.post({ type: 'closeCard', card });
    this.lrFind = new LrFindCard({
      live: c.bridge.live,
      use: (id, lr) => c.bridge.post({ type: 'useLearningRate', id, lr }),
      exportPng,
      close: close('lrFind'),
    });
    this.schedule = new SchedulePreviewCard(exportPng, close('schedulePreview'));
    this.interpolation = new InterpolationCard(exportPng, close('interpolation'));
    this.sweep = new SweepCard({
      select,
      exportPng,
      overlay: (ids) =>
        c.setUi({ hiddenRuns: ids === null ? [] : c.store.runs.filter((r) => !ids.includes(r.id)).map((r) => r.id) }),
    });
    this.rows = new RowsCard({
      live: c.bridge.live,
      openLine: (runId, line) => c.bridge.post({ type: 'openRowLine', runId, line }),
      exportPng,
      colorOf: (id) => runColor(c.theme(), c.store, id),
    });
    this.top = h('div', { class: 'll-experiments' });
  }

  get sweepEl(): HTMLElement {
    return this.sweepBox;
  }

  /**
   * Only the cards with something to show are in the document: a hidden canvas would otherwise be the
   * first the page's chart queries (and tests) find.
   */
  private attach(box: HTMLElement, cards: HTMLElement[]): void {
    const shown = cards.filter((el) => !el.hidden);
    if (shown.length !== box.children.length || shown.some((el, i) => box.children[i] !== el))
      box.replaceChildren(...shown);
    box.hidden = shown.length === 0;
  }

  /** True while a card has something to show (the dashboard then has no empty state). */
  get shown(): boolean {
    return this.lrFind.card.shown || this.schedule.card.shown || this.interpolation.card.shown;
  }

  render(active: RunView | null): void {
    const { store } = this.c;
    const theme = this.c.theme();
    const { experiments } = store;
    this.lrFind.update(experiments.lrFind, theme);
    this.schedule.update(experiments.preview, theme);
    this.interpolation.update(experiments.interpolation, theme);
    this.attach(this.top, [this.lrFind.card.el, this.schedule.card.el, this.interpolation.card.el]);
    if (!experiments.sweep) this.sweep.el.hidden = true;
    else this.updateSweep(active);
    this.attach(this.sweepBox, [this.sweep.el]);
    this.rows.update(experiments.rows, theme);
    this.attach(this.rowsEl, [this.rows.card.el]);
  }

  private updateSweep(active: RunView | null): void {
    const { store } = this.c;
    const theme = this.c.theme();
    const { experiments } = store;
    this.sweep.update({
      sweep: experiments.sweep,
      runs: store.runs,
      epochs: (id) => store.series(id).epochs,
      metrics: metricNames(store.runs.map((r) => store.series(r.id).epochs)),
      theme,
      activeId: active?.id ?? null,
      hidden: new Set(this.c.ui().hiddenRuns),
      colorOf: (id) => runColor(theme, store, id),
    });
  }

  destroy(): void {
    this.lrFind.destroy();
    this.schedule.destroy();
    this.interpolation.destroy();
    this.sweep.destroy();
    this.rows.destroy();
  }
}
