/**
 * The header's learning-rate field: type a rate, press Enter or Set, and the running run uses it from its
 * next optimizer step, the schedule scaling it from there (core/schedules/override.ts). Only a positive
 * finite number is sent; anything else marks the field invalid and says why.
 */
import { button, h, setText } from './dom';
import { formatNumber } from './format';
import { parseLr } from './parseLr';

export class LrControl {
  readonly el: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly error: HTMLElement;
  private runId: string | null = null;

  constructor(private readonly send: (runId: string, lr: number) => void) {
    this.input = h('input', {
      class: 'll-input ll-lr-input',
      title: 'A new learning rate for this run, from its next step; the schedule goes on scaling it from there',
      attrs: { type: 'text', inputmode: 'decimal', spellcheck: 'false', 'aria-label': 'New learning rate' },
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.submit();
    });
    this.input.addEventListener('input', () => this.showError(''));
    this.error = h('span', { class: 'll-lr-error', attrs: { role: 'alert' } });
    this.el = h(
      'div',
      { class: 'll-lr' },
      h('label', { class: 'll-control-label', text: 'LR' }),
      this.input,
      button('Set', () => this.submit(), { secondary: true, title: 'Use this learning rate from the next step' }),
      this.error,
    );
  }

  /** `current`: the rate of the run's latest step, shown as the field's placeholder. */
  update(runId: string, current: number | null): void {
    this.runId = runId;
    const placeholder = current === null ? 'new rate' : formatNumber(current);
    if (this.input.placeholder !== placeholder) this.input.placeholder = placeholder;
  }

  private submit(): void {
    if (!this.runId) return;
    const lr = parseLr(this.input.value);
    if (lr === null) return this.showError('a positive number, e.g. 0.003 or 3e-3');
    this.showError('');
    this.send(this.runId, lr);
    this.input.value = '';
  }

  private showError(text: string): void {
    setText(this.error, text);
    this.input.setAttribute('aria-invalid', String(text !== ''));
  }
}
