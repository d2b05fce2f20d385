/** A chart's own x axis: a picker of any recorded series (or the dashboard's axis) and a log-x toggle. */
import { button, h, setPressed } from './dom';
import { xChoices, type XSeries } from './xSeries';

export interface XControlActions {
  /** null: follow the dashboard's axis. */
  setX(x: XSeries | null): void;
  toggleLogX(): void;
}

const FOLLOW = '';

export class XControl {
  readonly els: HTMLElement[];
  private readonly select: HTMLSelectElement;
  private readonly logButton: HTMLButtonElement;
  private options = '';

  constructor(title: string, act: XControlActions) {
    this.select = h('select', { class: 'll-select ll-x-select', attrs: { 'aria-label': `${title}: x axis` } });
    this.select.addEventListener('change', () => act.setX(this.select.value === FOLLOW ? null : this.select.value));
    this.logButton = button('Log x', () => act.toggleLogX(), {
      secondary: true,
      class: 'll-tool',
      title: 'Logarithmic x axis (points at x ≤ 0 are left out)',
    });
    this.els = [this.select, this.logButton];
  }

  update(metrics: readonly string[], own: XSeries | undefined, axis: XSeries, logX: boolean): void {
    const choices = xChoices(metrics);
    const key = `${axis}|${choices.map((c) => c.value).join('\n')}`;
    if (key !== this.options) {
      this.options = key;
      this.select.replaceChildren(
        h('option', { text: `x: ${axis} (as above)`, attrs: { value: FOLLOW } }),
        ...choices.map((c) => h('option', { text: `x: ${c.label}`, attrs: { value: c.value } })),
      );
    }
    this.select.value = own !== undefined && choices.some((c) => c.value === own) ? own : FOLLOW;
    setPressed(this.logButton, logX);
  }
}
