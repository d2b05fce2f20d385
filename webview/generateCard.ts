/**
 * A generate run's dashboard, under its charts: a banner when its rows collapsed, the game's losses (or
 * the VAE's two terms), each quality figure over the epochs with the two baselines' values as reference
 * lines, and, while it trains, real against generated values of a chosen column (histogram) and of two
 * chosen numeric columns (scatter). The rows come from the host every few epochs (they are not recorded,
 * so a past run shows its curves only).
 */
import type { EpochPoint, GeneratedView, RunView } from '../src/protocol/webview';
import {
  collapseBanner,
  histogramView,
  lossSeries,
  qualityPanels,
  rowCount,
  scatterView,
} from '../src/views/generateCharts';
import { h, setText } from './dom';
import { SmallChart, drawHistogram, drawLines, drawQuality, drawScatter } from './generateCharts';
import type { Theme } from './theme';

function select(label: string): HTMLSelectElement {
  return h('select', { class: 'll-select', attrs: { 'aria-label': label } });
}

/** Options `names`, keeping the chosen one when it is still there, else `fallback`. */
function fill(s: HTMLSelectElement, names: string[], fallback: string): void {
  const keep = names.includes(s.value) ? s.value : fallback;
  if ([...s.options].map((o) => o.value).join('\n') !== names.join('\n'))
    s.replaceChildren(...names.map((n) => h('option', { text: n, attrs: { value: n } })));
  s.value = keep;
}

function card(cls: string, title: string, tools: HTMLElement[], ...body: HTMLElement[]): HTMLElement {
  return h(
    'section',
    { class: `ll-card ${cls}` },
    h(
      'header',
      { class: 'll-card-head' },
      h('h2', { class: 'll-card-title', text: title }),
      h('div', { class: 'll-card-tools' }, ...tools),
    ),
    ...body,
  );
}

interface Shown {
  epochs: readonly EpochPoint[];
  generated: GeneratedView | null;
  theme: Theme;
}

export class GenerateCard {
  readonly el: HTMLElement;
  private readonly title = h('h2', { class: 'll-section-title', text: 'Generated rows' });
  private readonly banner = h('div', { class: 'll-notice ll-notice-collapse', attrs: { role: 'alert' } });
  private readonly losses = new SmallChart('ll-generate-losses');
  private readonly quality = h('div', { class: 'll-generate-quality' });
  private qualityCharts: SmallChart[] = [];
  private readonly column = select('Histogram column');
  private readonly scatterX = select('Scatter x column');
  private readonly scatterY = select('Scatter y column');
  private readonly histogram = new SmallChart('ll-generate-histogram');
  private readonly scatter = new SmallChart('ll-generate-scatter');
  private readonly rowsNote = h('div', { class: 'll-card-note' });
  private readonly rowCards: HTMLElement[];
  private last: Shown | null = null;
  private drawn: {
    epochs: readonly EpochPoint[];
    count: number;
    generated: GeneratedView | null;
    look: string;
  } | null = null;

  constructor() {
    for (const s of [this.column, this.scatterX, this.scatterY])
      s.addEventListener('change', () => this.last && this.drawRows(this.last));
    this.rowCards = [
      card('ll-card-generate-histogram', 'Real vs generated: one column', [this.column], this.histogram.el),
      card(
        'll-card-generate-scatter',
        'Real vs generated: two columns',
        [this.scatterX, 'against', this.scatterY].map((e) => (typeof e === 'string' ? h('span', { text: e }) : e)),
        this.scatter.el,
      ),
    ];
    this.el = h(
      'section',
      { class: 'll-results ll-generate', attrs: { 'aria-label': 'Generated rows' } },
      this.title,
      this.banner,
      h(
        'div',
        { class: 'll-results-grid' },
        card('ll-card-generate-losses', 'Losses per epoch', [], this.losses.el),
        card(
          'll-card-generate-quality',
          'Quality against held-out rows (lower is better; c2st_auc best at 0.5)',
          [],
          this.quality,
        ),
        ...this.rowCards,
      ),
      this.rowsNote,
    );
    this.el.hidden = true;
  }

  /** The active run (hidden unless it generates rows); `look` changes with the theme. */
  update(
    run: RunView | null,
    epochs: readonly EpochPoint[],
    generated: GeneratedView | null,
    theme: Theme,
    look: string,
  ): void {
    this.el.hidden = run?.task !== 'generate';
    if (this.el.hidden) return;
    const d = this.drawn;
    if (d && d.epochs === epochs && d.count === epochs.length && d.generated === generated && d.look === look) return;
    this.drawn = { epochs, count: epochs.length, generated, look };
    setText(this.title, `Generated rows · ${run?.name}`);
    const shown = { epochs, generated, theme };
    this.last = shown;
    const banner = collapseBanner(epochs);
    this.banner.hidden = banner === null;
    setText(this.banner, banner ?? '');
    drawLines(this.losses, lossSeries(epochs), theme, 'loss');
    this.drawQuality(shown);
    this.drawRows(shown);
  }

  private drawQuality({ epochs, generated, theme }: Shown): void {
    const panels = qualityPanels(epochs, generated?.baselines ?? null);
    while (this.qualityCharts.length < panels.length) {
      const chart = new SmallChart('ll-generate-figure');
      this.qualityCharts.push(chart);
      this.quality.append(chart.el);
    }
    this.qualityCharts.forEach((c, i) => (c.el.hidden = i >= panels.length));
    panels.forEach((p, i) => drawQuality(this.qualityCharts[i], p, theme));
  }

  private drawRows({ generated, theme }: Shown): void {
    for (const c of this.rowCards) c.hidden = generated === null;
    setText(
      this.rowsNote,
      generated
        ? `Rows: ${rowCount(generated.synthetic)} generated at epoch ${generated.epoch}, ${rowCount(generated.real)} held-out.`
        : 'Histograms and the scatter of rows show while a run trains (rows are not recorded).',
    );
    if (!generated) return;
    const names = generated.real.map((c) => c.name);
    fill(this.column, names, names[0]);
    const real = generated.real[names.indexOf(this.column.value)];
    drawHistogram(this.histogram, histogramView(real, generated.synthetic[names.indexOf(this.column.value)]), theme);
    const numeric = generated.real.filter((c) => c.kind === 'numeric').map((c) => c.name);
    this.rowCards[1].hidden = numeric.length < 2;
    if (numeric.length < 2) return;
    fill(this.scatterX, numeric, numeric[0]);
    fill(this.scatterY, numeric, numeric[1]);
    const v = scatterView(generated, this.scatterX.value, this.scatterY.value);
    if (v) drawScatter(this.scatter, v, theme);
  }

  destroy(): void {
    for (const c of [this.losses, this.histogram, this.scatter, ...this.qualityCharts]) c.destroy();
    this.el.remove();
  }
}
