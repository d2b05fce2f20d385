/** The bar above the charts: smoothing, x axis, log scale for all charts, reset zoom, series export. */
import { button, h, setPressed } from './dom';
import { MAX_SMOOTHING } from './smoothing';
import { X_AXES, type XAxis } from './series';

export interface ControlsState {
  smoothing: number;
  xAxis: XAxis;
  /** true: every chart log; false: none; null: some. */
  allLog: boolean | null;
  ignoreOutliers: boolean;
}

export interface ControlsActions {
  setSmoothing(w: number): void;
  setXAxis(axis: XAxis): void;
  setAllLog(log: boolean): void;
  setIgnoreOutliers(on: boolean): void;
  resetZoom(): void;
  exportData(format: 'csv' | 'json'): void;
  /** Asks the host for a self-contained HTML report of the shown runs; absent in a static report (it is one). */
  exportReport?(): void;
  /** Asks the host for the loss between two of the shown runs; absent in a static report. */
  interpolate?(): void;
}

const AXIS_LABEL: Record<XAxis, string> = { step: 'Step', epoch: 'Epoch', time: 'Time' };

export class Controls {
  readonly el: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly number: HTMLInputElement;
  private readonly axisButtons: Map<XAxis, HTMLButtonElement>;
  private readonly logBox: HTMLInputElement;
  private readonly outlierBox: HTMLInputElement;

  constructor(act: ControlsActions) {
    const range = { min: '0', max: String(MAX_SMOOTHING), step: '0.001' };
    this.slider = h('input', { class: 'll-slider', attrs: { type: 'range', ...range, 'aria-label': 'Smoothing' } });
    this.number = h('input', {
      class: 'll-input ll-number',
      attrs: { type: 'number', ...range, 'aria-label': 'Smoothing weight' },
    });
    this.slider.addEventListener('input', () => act.setSmoothing(Number(this.slider.value)));
    this.number.addEventListener('change', () => act.setSmoothing(Number(this.number.value)));
    this.axisButtons = new Map(
      X_AXES.map((a) => [a, button(AXIS_LABEL[a], () => act.setXAxis(a), { secondary: true, class: 'll-segment' })]),
    );
    this.logBox = h('input', { attrs: { type: 'checkbox', id: 'll-log-all' } });
    this.logBox.addEventListener('change', () => act.setAllLog(this.logBox.checked));
    this.outlierBox = h('input', { attrs: { type: 'checkbox', id: 'll-outliers' } });
    this.outlierBox.addEventListener('change', () => act.setIgnoreOutliers(this.outlierBox.checked));
    const group = (label: string, ...children: HTMLElement[]) =>
      h('div', { class: 'll-control' }, h('span', { class: 'll-control-label', text: label }), ...children);
    this.el = h(
      'div',
      { class: 'll-controls', attrs: { role: 'toolbar', 'aria-label': 'Chart controls' } },
      group('Smoothing', this.slider, this.number),
      group(
        'X axis',
        h(
          'div',
          { class: 'll-segmented', attrs: { role: 'group', 'aria-label': 'X axis' } },
          ...this.axisButtons.values(),
        ),
      ),
      h(
        'label',
        { class: 'll-control ll-check', attrs: { for: 'll-log-all' } },
        this.logBox,
        h('span', { text: 'Log scale (all charts)' }),
      ),
      h(
        'label',
        {
          class: 'll-control ll-check',
          attrs: { for: 'll-outliers' },
          title:
            'When a few extreme values (a diverged run, the first steps) would flatten the other curves, scale the y axis to the 5th–95th percentile',
        },
        this.outlierBox,
        h('span', { text: 'Ignore outliers' }),
      ),
      button('Reset zoom', () => act.resetZoom(), { secondary: true, title: 'Reset the zoom of every chart' }),
      ...(act.interpolate
        ? [
            button('Loss between two solutions…', () => act.interpolate?.(), {
              secondary: true,
              class: 'll-interpolate',
              title:
                "The training and validation loss on the straight line between two finished runs' weights, or from a run's initial weights to its trained ones",
            }),
          ]
        : []),
      h('div', { class: 'll-spacer' }),
      button('Export CSV', () => act.exportData('csv'), {
        secondary: true,
        title: 'Save every series of the shown runs as CSV',
      }),
      button('Export JSON', () => act.exportData('json'), {
        secondary: true,
        title: 'Save every series of the shown runs as JSON',
      }),
      ...(act.exportReport
        ? [
            button('Export HTML', () => act.exportReport?.(), {
              secondary: true,
              title: 'Save the shown runs as a self-contained HTML report, charts included',
            }),
          ]
        : []),
      h('div', {
        class: 'll-hint',
        text: 'Drag to zoom · Shift-drag to pan · Ctrl+wheel to zoom · Double-click to reset',
      }),
    );
  }

  update(s: ControlsState): void {
    // While the user drags, the slider owns its value; writing it back would fight the pointer.
    if (document.activeElement !== this.slider) this.slider.value = String(s.smoothing);
    if (document.activeElement !== this.number) this.number.value = String(s.smoothing);
    for (const [a, b] of this.axisButtons) setPressed(b, a === s.xAxis);
    this.logBox.checked = s.allLog === true;
    this.logBox.indeterminate = s.allLog === null;
    this.outlierBox.checked = s.ignoreOutliers;
  }
}
