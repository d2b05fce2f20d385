/** The frame of the LR range test and schedule preview cards: title, tools (log scale, PNG, close), a chart, notes. */
import { Chart, type ChartOptions } from 'chart.js';
import { chartOptions, logTick } from './chartSetup';
import { button, h, setPressed, setText } from './dom';
import type { Pt } from './series';
import type { Theme } from './theme';

/**
 * `V`: the host's result the card shows; closing hides the card until the host sends a new one, and tells
 * the host (`onClose`), which forgets the result so that a reload does not bring it back.
 */
export class ToolCard<V> {
  readonly el: HTMLElement;
  readonly chart: Chart<'line', Pt[]>;
  readonly notes = h('div', { class: 'll-tool-notes' });
  readonly actions = h('div', { class: 'll-tool-actions' });
  private readonly title = h('h2', { class: 'll-card-title' });
  private readonly logButton: HTMLButtonElement;
  log = false;
  private current: V | null = null;
  private dismissed: V | null = null;

  constructor(
    cls: string,
    pngName: string,
    exportPng: (name: string, dataUrl: string) => void,
    onLog: () => void,
    onClose: () => void,
  ) {
    this.logButton = button(
      'Log',
      () => {
        this.log = !this.log;
        setPressed(this.logButton, this.log);
        onLog();
      },
      { secondary: true, class: 'll-tool', title: 'Logarithmic y axis' },
    );
    setPressed(this.logButton, false);
    const png = button('PNG', () => exportPng(pngName, this.chart.toBase64Image('image/png', 1)), {
      secondary: true,
      class: 'll-tool',
      title: 'Save this chart as a PNG image',
    });
    const close = button(
      'Close',
      () => {
        this.dismissed = this.current;
        this.el.hidden = true;
        onClose();
      },
      { secondary: true, class: 'll-tool', title: 'Hide this card' },
    );
    const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': pngName.replace(/\.png$/, '') } });
    this.el = h(
      'section',
      { class: `ll-card ll-tool-card ${cls}` },
      h(
        'header',
        { class: 'll-card-head' },
        this.title,
        h('div', { class: 'll-card-tools' }, this.logButton, png, close),
      ),
      h('div', { class: 'll-canvas-box' }, canvas),
      h('div', { class: 'll-tool-foot' }, this.notes, this.actions),
    );
    this.chart = new Chart<'line', Pt[]>(canvas, { type: 'line', data: { datasets: [] } });
  }

  /** Shows `view` unless the user closed this very result; true when the card is visible. */
  present(view: V | null): boolean {
    this.current = view;
    this.el.hidden = !view || view === this.dismissed;
    return !this.el.hidden;
  }

  get shown(): boolean {
    return !this.el.hidden;
  }

  setTitle(text: string): void {
    setText(this.title, text);
  }

  /** The dashboard's line-chart options, with x on a log scale (learning rates) or as steps. */
  options(theme: Theme, x: { log: boolean; title: string }): ChartOptions<'line'> {
    const o = chartOptions({ theme, axis: 'step', log: this.log, compact: false, onZoom: () => undefined }, 1200);
    const scale = o.scales!.x!;
    if (x.log) {
      Object.assign(scale, { type: 'logarithmic', min: undefined, bounds: 'data' });
      scale.ticks = { ...scale.ticks, callback: logTick };
      o.plugins!.tooltip!.callbacks!.title = (items) =>
        items.length ? `lr ${Number(items[0].parsed.x).toExponential(2)}` : '';
    }
    (scale as { title: { text: string } }).title.text = x.title;
    return o;
  }

  destroy(): void {
    this.chart.destroy();
    this.el.remove();
  }
}
