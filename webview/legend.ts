/** The runs' legend, shared by every chart: one color per run; click toggles a run, Alt-click shows it alone. */
import type { RunView } from '../src/protocol/webview';
import { h, setPressed } from './dom';
import { STATUS_TEXT } from './runHeader';

export class RunLegend {
  readonly el = h('div', { class: 'll-legend', attrs: { role: 'group', 'aria-label': 'Runs shown in the charts' } });
  private signature = '';

  constructor(private readonly onChange: (hidden: string[]) => void) {}

  update(runs: readonly RunView[], colorOf: (id: string) => string, hidden: ReadonlySet<string>): void {
    const signature = JSON.stringify(runs.map((r) => [r.id, r.name, r.status, colorOf(r.id), hidden.has(r.id)]));
    if (signature === this.signature) return;
    this.signature = signature;
    this.el.hidden = runs.length < 2;
    const toggle = (run: RunView, e: MouseEvent) => {
      let next: Set<string>;
      if (e.altKey) {
        // Alt-click on the only shown run shows them all again.
        const alone = !hidden.has(run.id) && runs.every((r) => r.id === run.id || hidden.has(r.id));
        next = alone ? new Set() : new Set(runs.filter((r) => r.id !== run.id).map((r) => r.id));
      } else {
        next = new Set(hidden);
        if (next.has(run.id)) next.delete(run.id);
        else next.add(run.id);
      }
      this.onChange(runs.filter((r) => next.has(r.id)).map((r) => r.id));
    };
    this.el.replaceChildren(
      ...runs.map((run) => {
        const swatch = h('span', { class: 'll-swatch' });
        swatch.style.backgroundColor = colorOf(run.id);
        const chip = h(
          'button',
          {
            class: 'll-chip',
            attrs: { type: 'button' },
            title: `${run.name}: ${STATUS_TEXT[run.status]}. Click to show or hide; Alt-click to show only this run.`,
            on: { click: (e) => toggle(run, e) },
          },
          swatch,
          h('span', { class: 'll-chip-name', text: run.name }),
          run.status === 'running'
            ? null
            : h('span', { class: `ll-chip-status ll-status-text-${run.status}`, text: STATUS_TEXT[run.status] }),
        );
        setPressed(chip, !hidden.has(run.id));
        return chip;
      }),
    );
  }
}
