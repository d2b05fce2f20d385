/**
 * The seeds card: for runs that repeat configurations over seeds, each configuration's mean validation
 * loss per epoch with its band (min–max or ±1 std, the user's choice, kept in the webview state), and the
 * difference A − B of two chosen configurations over the seeds both ran, with its band and one sentence
 * on whether the paired comparison of the final values excludes 0.
 */
import { Chart } from 'chart.js';
import { color } from 'chart.js/helpers';
import type { EpochPoint, RunView } from '../src/protocol/webview';
import { type Band, type BandKind, difference, groupBand, seedGroups } from '../src/views/seedBands';
import type { LineDataset } from './chartData';
import { chartOptions } from './chartSetup';
import { button, h, setText } from './dom';
import { formatNumber } from './format';
import type { Pt } from './series';
import type { Theme } from './theme';

const BAND_TEXT: Record<BandKind, string> = { minmax: 'Band: min–max', std: 'Band: ±1 std' };

/** The band as three datasets: its low edge, its high edge filled down to the low one, and the mean. */
export function bandDatasets(label: string, b: Band, line: string): LineDataset[] {
  const pts = (ys: number[]): Pt[] => ys.map((y, i) => ({ x: b.x[i], y }));
  const fill = color(line).alpha(0.2).rgbString();
  const edge = { type: 'line' as const, borderWidth: 0, pointRadius: 0, borderColor: fill, backgroundColor: fill };
  return [
    { ...edge, label: `${label} · low`, data: pts(b.lo), fill: false },
    { ...edge, label: `${label} · high`, data: pts(b.hi), fill: '-1' },
    {
      type: 'line',
      label: `${label} · mean`,
      data: pts(b.mean),
      borderColor: line,
      backgroundColor: line,
      borderWidth: 2,
      pointRadius: 0,
      fill: false,
    },
  ];
}

export interface SeedsInput {
  runs: readonly RunView[];
  epochsOf: (id: string) => readonly EpochPoint[];
  theme: Theme;
  band: BandKind;
}

export class SeedsCard {
  readonly el: HTMLElement;
  private readonly bands: Chart<'line', Pt[]>;
  private readonly diff: Chart<'line', Pt[]>;
  private readonly bandButton: HTMLButtonElement;
  private readonly pickA = h('select', { class: 'll-select', attrs: { 'aria-label': 'Configuration A' } });
  private readonly pickB = h('select', { class: 'll-select', attrs: { 'aria-label': 'Configuration B' } });
  private readonly verdict = h('p', { class: 'll-seeds-verdict', attrs: { role: 'status' } });
  /** Which colour is which configuration: the bands take the palette by group, not the runs' own colours. */
  private readonly key = h('div', { class: 'll-seeds-key', attrs: { role: 'list', 'aria-label': 'Configurations' } });
  private band: BandKind = 'minmax';
  private last: SeedsInput | null = null;

  constructor(setBand: (b: BandKind) => void) {
    this.bandButton = button(BAND_TEXT.minmax, () => setBand(this.band === 'minmax' ? 'std' : 'minmax'), {
      secondary: true,
      class: 'll-tool',
      title: 'Switch the band between min–max over the seeds and the mean ± 1 sample standard deviation',
    });
    for (const s of [this.pickA, this.pickB]) s.addEventListener('change', () => this.last && this.update(this.last));
    const canvas = (label: string) => h('canvas', { attrs: { role: 'img', 'aria-label': label } });
    const bandsCanvas = canvas('losslab-seed-bands');
    const diffCanvas = canvas('losslab-seed-difference');
    this.el = h(
      'section',
      { class: 'll-card ll-seeds-card' },
      h(
        'header',
        { class: 'll-card-head' },
        h('h2', { class: 'll-card-title', text: 'Seeds: validation loss, mean and band per configuration' }),
        h('div', { class: 'll-card-tools' }, this.bandButton),
      ),
      this.key,
      h('div', { class: 'll-canvas-box' }, bandsCanvas),
      h(
        'header',
        { class: 'll-card-head' },
        h('h2', { class: 'll-card-title', text: 'Difference A − B over shared seeds' }),
        h('div', { class: 'll-card-tools' }, 'A', this.pickA, 'B', this.pickB),
      ),
      h('div', { class: 'll-canvas-box' }, diffCanvas),
      this.verdict,
    );
    this.bands = new Chart<'line', Pt[]>(bandsCanvas, { type: 'line', data: { datasets: [] } });
    this.diff = new Chart<'line', Pt[]>(diffCanvas, { type: 'line', data: { datasets: [] } });
  }

  update(input: SeedsInput): void {
    this.last = input;
    const { runs, epochsOf, theme, band } = input;
    const groups = seedGroups(runs);
    this.el.hidden = groups.length === 0;
    if (this.el.hidden) return;
    this.band = band;
    setText(this.bandButton, BAND_TEXT[band]);
    const value = (p: EpochPoint) => p.valLoss;
    const colorOf = (i: number) => theme.palette[i % theme.palette.length];
    const options = () => {
      const o = chartOptions({ theme, axis: 'epoch', log: false, compact: false, onZoom: () => undefined }, 1200);
      o.plugins!.decimation = { enabled: false };
      return o;
    };
    this.bands.options = options();
    this.bands.data.datasets = groups.flatMap((g, i) =>
      bandDatasets(g.name, groupBand(g, epochsOf, value, band), colorOf(i)),
    );
    this.bands.update('none');
    this.key.replaceChildren(
      ...groups.map((g, i) => {
        const swatch = h('span', { class: 'll-swatch' });
        swatch.style.backgroundColor = colorOf(i);
        return h(
          'span',
          { class: 'll-seeds-key-item', attrs: { role: 'listitem' } },
          swatch,
          `${g.name} (${g.runs.size} seeds)`,
        );
      }),
    );

    const names = groups.map((g) => g.name);
    this.fillPick(this.pickA, names, names[0]);
    this.fillPick(this.pickB, names, names[1] ?? names[0]);
    const a = groups[names.indexOf(this.pickA.value)];
    const b = groups[names.indexOf(this.pickB.value)];
    const d = difference(a, b, runs, epochsOf, value, 'val loss', band, (x) => formatNumber(x));
    this.diff.options = options();
    this.diff.data.datasets = bandDatasets(`${a.name} − ${b.name}`, d.band, theme.foreground);
    this.diff.update('none');
    setText(this.verdict, d.verdict);
  }

  private fillPick(select: HTMLSelectElement, names: string[], fallback: string): void {
    const keep = names.includes(select.value) ? select.value : fallback;
    if ([...select.options].map((o) => o.value).join('\n') !== names.join('\n'))
      select.replaceChildren(...names.map((n) => h('option', { text: n, attrs: { value: n } })));
    select.value = keep;
  }

  destroy(): void {
    this.bands.destroy();
    this.diff.destroy();
    this.el.remove();
  }
}
