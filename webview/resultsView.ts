/**
 * The end-of-run views of the dashboard's active run, under its charts: a classifier's confusion matrix
 * and per-class report, or a regressor's predicted-vs-actual and residual charts (or, when the run's record
 * of them is damaged, why they are missing). Shown once the run has finished and the host has sent them;
 * rebuilt only when they, the run's color or the theme change.
 */
import type { RunView } from '../src/protocol/webview';
import type { RunResults } from '../src/protocol/resultViews';
import { confusionCards } from './confusionView';
import { h, setText } from './dom';
import { regressionCards, type ResultCharts } from './regressionView';
import type { Theme } from './theme';

export class ResultsView {
  readonly el: HTMLElement;
  private readonly title = h('h2', { class: 'll-section-title' });
  private readonly grid = h('div', { class: 'll-results-grid' });
  private shown: { results: RunResults; key: string } | null = null;
  private charts: ResultCharts | null = null;

  constructor(private readonly onExport: (name: string, dataUrl: string) => void) {
    this.el = h('section', { class: 'll-results', attrs: { 'aria-label': 'End of run' } }, this.title, this.grid);
    this.el.hidden = true;
  }

  /** `generation`: the theme's, so a theme switch redraws with the new colors. */
  update(run: RunView | null, results: RunResults | null, theme: Theme, generation: number, runColor: string): void {
    const show = run !== null && results !== null && run.status !== 'running';
    this.el.hidden = !show;
    if (!show) return this.clear();
    setText(this.title, `End of run · ${run.name}`);
    const key = `${run.id}|${generation}|${runColor}`;
    if (this.shown?.results === results && this.shown.key === key) return;
    this.clear();
    this.shown = { results, key };
    if (results.kind === 'classification') this.grid.replaceChildren(...confusionCards(results, theme));
    else if (results.kind === 'unreadable')
      this.grid.replaceChildren(
        h('div', { class: 'll-notice ll-notice-failed', text: results.message, attrs: { role: 'status' } }),
      );
    else {
      this.charts = regressionCards(results, theme, runColor, this.onExport);
      this.grid.replaceChildren(...this.charts.els);
    }
  }

  private clear(): void {
    this.charts?.destroy();
    this.charts = null;
    this.shown = null;
    this.grid.replaceChildren();
  }

  destroy(): void {
    this.clear();
    this.el.remove();
  }
}
