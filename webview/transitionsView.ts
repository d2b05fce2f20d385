/**
 * A CRF run's learned transition scores as a heat map under its charts (rows = the tag before, columns =
 * the tag after), from the active run's latest epoch, so it changes as the run trains. Positive scores
 * are shaded in the theme's first chart colour, negative ones in its second, the opacity by the size
 * against the largest; the value is in each cell and its tooltip.
 */
import { color } from 'chart.js/helpers';
import type { EpochPoint, Transitions } from '../src/protocol/webview';
import { h } from './dom';
import type { Theme } from './theme';

function cell(from: string, to: string, v: number, largest: number, theme: Theme): HTMLElement {
  const share = largest > 0 ? Math.abs(v) / largest : 0;
  const td = h(
    'td',
    { class: 'll-cm-cell', title: `${from} followed by ${to}: ${v.toFixed(4)}` },
    h('span', { class: 'll-cm-count', text: v.toFixed(2) }),
  );
  td.style.backgroundColor = color(theme.palette[v >= 0 ? 0 : 1])
    .alpha(0.08 + 0.82 * share)
    .rgbString();
  if (share > 0.55) td.style.color = '#ffffff';
  return td;
}

export function transitionsTable({ tags, scores }: Transitions, theme: Theme): HTMLElement {
  const largest = Math.max(...scores.flat().map(Math.abs));
  const head = h(
    'tr',
    {},
    h('th', { class: 'll-cm-corner', text: 'before ╲ after' }),
    ...tags.map((t) => h('th', { class: 'll-cm-col', text: t, title: `then ${t}` })),
  );
  const rows = scores.map((row, i) =>
    h(
      'tr',
      {},
      h('th', { class: 'll-cm-row', text: tags[i], title: `after ${tags[i]}` }),
      ...row.map((v, j) => cell(tags[i], tags[j], v, largest, theme)),
    ),
  );
  return h(
    'div',
    { class: 'll-cm-scroll' },
    h('table', { class: 'll-cm ll-transitions' }, h('thead', {}, head), h('tbody', {}, ...rows)),
  );
}

export class TransitionsView {
  readonly el: HTMLElement;
  private readonly body = h('div', { class: 'll-results-grid' });
  private shown: { point: EpochPoint; generation: number } | null = null;

  constructor() {
    this.el = h(
      'section',
      { class: 'll-results', attrs: { 'aria-label': 'CRF transitions' } },
      h('h2', { class: 'll-section-title', text: 'CRF transition scores (tag before → tag after)' }),
      this.body,
    );
    this.el.hidden = true;
  }

  /** The active run's epochs (none: hidden); `generation` is the theme's, so a theme switch redraws. */
  update(epochs: readonly EpochPoint[], theme: Theme, generation: number): void {
    let point: EpochPoint | null = null;
    for (let i = epochs.length - 1; i >= 0 && point === null; i--) if (epochs[i].transitions) point = epochs[i];
    this.el.hidden = point === null;
    if (point === null) {
      this.shown = null;
      return;
    }
    if (this.shown?.point === point && this.shown.generation === generation) return;
    this.shown = { point, generation };
    this.body.replaceChildren(h('div', { class: 'll-card' }, transitionsTable(point.transitions!, theme)));
  }
}
