/**
 * A classifier's end-of-run views: the confusion matrix as a heat map (rows = true class, columns =
 * predicted, each cell shaded by its share of the true class, so recall reads down the diagonal whatever
 * the class sizes), and scikit-learn's classification report beside it (precision, recall, F1, support
 * per class, with accuracy and the macro and weighted averages).
 */
import { color } from 'chart.js/helpers';
import type { ClassFigures, ClassificationResults } from '../src/protocol/resultViews';
import { h } from './dom';
import { formatCount } from './format';
import type { Theme } from './theme';

const pct = (v: number) => `${(100 * v).toFixed(v === 1 ? 0 : 1)}%`;
/** Beyond this many classes the cells drop their percentages (still in the tooltip)... */
const DENSE = 6;
/** ...and beyond this many the matrix takes the full width. */
const WIDE = 14;
const fixed = (v: number) => v.toFixed(3);

/** The cell's shade: the theme's first chart color, its opacity the share; text flips to stay readable. */
function shade(cell: HTMLElement, share: number, theme: Theme): void {
  const base = color(theme.palette[0]);
  cell.style.backgroundColor = base.alpha(0.08 + 0.82 * share).rgbString();
  if (share > 0.55) cell.style.color = '#ffffff';
}

function matrixTable(r: ClassificationResults, theme: Theme): HTMLElement {
  const head = h(
    'tr',
    {},
    h('th', { class: 'll-cm-corner', text: 'true ╲ predicted' }),
    ...r.classes.map((c) => h('th', { class: 'll-cm-col', text: c, title: `predicted ${c}` })),
  );
  const rows = r.confusion.map((row, i) => {
    const support = row.reduce((a, v) => a + v, 0);
    return h(
      'tr',
      {},
      h('th', { class: 'll-cm-row', text: r.classes[i], title: `true ${r.classes[i]} (${formatCount(support)} rows)` }),
      ...row.map((count, j) => {
        const share = support ? count / support : 0;
        const cls = ['ll-cm-cell', i === j ? 'll-cm-diag' : '', count === 0 ? 'll-cm-zero' : '']
          .filter(Boolean)
          .join(' ');
        const cell = h(
          'td',
          {
            class: cls,
            title: `true ${r.classes[i]}, predicted ${r.classes[j]}: ${formatCount(count)} (${pct(share)} of ${r.classes[i]})`,
          },
          h('span', { class: 'll-cm-count', text: formatCount(count) }),
          count > 0 && r.classes.length <= DENSE ? h('span', { class: 'll-cm-share', text: pct(share) }) : null,
        );
        shade(cell, share, theme);
        return cell;
      }),
    );
  });
  const cls = r.classes.length > DENSE ? 'll-cm ll-cm-dense' : 'll-cm';
  return h('div', { class: 'll-cm-scroll' }, h('table', { class: cls }, h('thead', {}, head), h('tbody', {}, ...rows)));
}

/** A figure with a thin bar under it, so a weak class stands out in a long list. */
function figure(v: number): HTMLElement {
  const bar = h('span', { class: 'll-meter-fill' });
  bar.style.width = `${(100 * Math.max(0, Math.min(1, v))).toFixed(1)}%`;
  return h('td', { class: 'll-num' }, h('span', { text: fixed(v) }), h('span', { class: 'll-meter' }, bar));
}

function reportRow(label: string, f: ClassFigures, cls = ''): HTMLElement {
  return h(
    'tr',
    { class: cls },
    h('th', { text: label }),
    figure(f.precision),
    figure(f.recall),
    figure(f.f1),
    h('td', { class: 'll-num', text: formatCount(f.support) }),
  );
}

function reportTable(r: ClassificationResults): HTMLElement {
  const { report } = r;
  const total = report.macro.support;
  return h(
    'div',
    { class: 'll-table-scroll' },
    h(
      'table',
      { class: 'll-table ll-report' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['class', 'precision', 'recall', 'F1', 'support'].map((t, i) =>
            h('th', { class: i ? 'll-num' : '', text: t }),
          ),
        ),
      ),
      h('tbody', {}, ...report.perClass.map((f, i) => reportRow(r.classes[i], f))),
      h(
        'tfoot',
        {},
        h(
          'tr',
          { class: 'll-report-accuracy' },
          h('th', { text: 'accuracy' }),
          h('td'),
          h('td'),
          figure(report.accuracy),
          h('td', { class: 'll-num', text: formatCount(total) }),
        ),
        reportRow('macro avg', report.macro),
        reportRow('weighted avg', report.weighted),
      ),
    ),
  );
}

/** The two cards, rebuilt whenever the results or the theme change (they are small tables). */
export function confusionCards(r: ClassificationResults, theme: Theme): HTMLElement[] {
  const split = `${r.split} split`;
  const card = (cls: string, title: string, note: string, body: HTMLElement) =>
    h(
      'section',
      { class: `ll-card ${cls}` },
      h('header', { class: 'll-card-head' }, h('h2', { class: 'll-card-title', text: title })),
      h('div', { class: 'll-card-note', text: note }),
      body,
    );
  return [
    card(
      r.classes.length > WIDE ? 'll-card-confusion ll-card-wide' : 'll-card-confusion',
      'Confusion matrix',
      `${split} · rows: true class · columns: predicted · shade: share of the true class`,
      matrixTable(r, theme),
    ),
    card(
      'll-card-report',
      'Per-class precision, recall and F1',
      `${split} · as scikit-learn's classification report`,
      reportTable(r),
    ),
  ];
}
