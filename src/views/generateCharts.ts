/**
 * The generate dashboard's view models: the game's losses and the quality figures per epoch (with the
 * baselines as reference values), real against generated values of a column (a histogram on shared bins,
 * or the labels' shares) and of two numeric columns (a scatter), and the collapse banner.
 */
import { collapseMessage } from '../core/generate/collapse';
import { histogram, histogramBins } from '../core/trainer/histogram';
import type { EpochPoint, GeneratedView, PreviewColumn } from '../protocol/webview';

/** The loss parts a generative family records (generate/gan.ts, generate/vae.ts) and their names on the chart. */
export const LOSS_PARTS: readonly (readonly [string, string])[] = [
  ['d_loss', 'discriminator / critic'],
  ['g_loss', 'generator'],
  ['wasserstein', 'Wasserstein estimate'],
  ['penalty', 'gradient penalty'],
  ['recon', 'reconstruction'],
  ['kl', 'KL'],
];

/** The quality figures (generate/quality.ts), each lower is better but c2st_auc (0.5 best). */
export const QUALITY_FIGURES: readonly string[] = ['ks_mean', 'tvd_mean', 'corr_diff', 'c2st_auc'];

/** The baselines (generate/baselines.ts) as the reference lines are labelled. */
export const BASELINE_NAMES: Readonly<Record<string, string>> = {
  independent: 'independent marginals',
  gaussian_copula: 'Gaussian copula',
};

export interface EpochSeries {
  key: string;
  label: string;
  points: { x: number; y: number }[];
}

function seriesOf(epochs: readonly EpochPoint[], key: string, label: string): EpochSeries {
  const points = epochs.flatMap((e) => (Number.isFinite(e.metrics[key]) ? [{ x: e.epoch, y: e.metrics[key] }] : []));
  return { key, label, points };
}

/** The recorded loss parts, in LOSS_PARTS order (none for a run that records none). */
export function lossSeries(epochs: readonly EpochPoint[]): EpochSeries[] {
  return LOSS_PARTS.map(([key, label]) => seriesOf(epochs, key, label)).filter((s) => s.points.length > 0);
}

export interface QualityPanel {
  figure: string;
  series: EpochSeries;
  /** The baselines' values of the figure, as labelled horizontal lines. */
  references: { label: string; y: number }[];
}

/** One panel per quality figure the run measured, with the baselines' values when they are known. */
export function qualityPanels(
  epochs: readonly EpochPoint[],
  baselines: GeneratedView['baselines'] | null,
): QualityPanel[] {
  return QUALITY_FIGURES.map((figure) => ({
    figure,
    series: seriesOf(epochs, figure, 'model'),
    references: Object.entries(baselines ?? {}).flatMap(([name, m]) =>
      Number.isFinite(m[figure]) ? [{ label: BASELINE_NAMES[name] ?? name, y: m[figure] }] : [],
    ),
  })).filter((p) => p.series.points.length > 0);
}

export interface HistogramView {
  column: string;
  /** One per bar: a numeric bin's range, or a category's label. */
  labels: string[];
  /** Numeric columns: the bins' ascending edges (labels.length + 1); categorical: empty. */
  edges: number[];
  /** Each bar's share of the rows (real and generated each sum to 1 over the bars). */
  real: number[];
  synthetic: number[];
}

const shares = (counts: readonly number[], n: number) => counts.map((c) => (n > 0 ? c / n : 0));

/**
 * Real and generated values of one column: a numeric one on the same bins (equal-width over both
 * samples' range, Rice's rule for their count), a categorical one per label.
 */
export function histogramView(real: PreviewColumn, synthetic: PreviewColumn): HistogramView {
  if (real.kind === 'categorical' && synthetic.kind === 'categorical') {
    const count = (codes: number[]) => {
      const c = new Array<number>(real.labels.length).fill(0);
      for (const k of codes) c[k]++;
      return shares(c, codes.length);
    };
    return {
      column: real.name,
      labels: real.labels,
      edges: [],
      real: count(real.codes),
      synthetic: count(synthetic.codes),
    };
  }
  if (real.kind !== 'numeric' || synthetic.kind !== 'numeric') throw new Error(`column ${real.name} changed kind`);
  const all = [...real.values, ...synthetic.values].filter(Number.isFinite);
  const range: [number, number] = [Math.min(...all), Math.max(...all)];
  const bins = histogramBins(Math.max(real.values.length, synthetic.values.length));
  const r = histogram(real.values, bins, range);
  const s = histogram(synthetic.values, bins, range);
  const fmt = (v: number) => String(Number(v.toPrecision(3)));
  return {
    column: real.name,
    labels: r.counts.map((_, i) => `${fmt(r.edges[i])} to ${fmt(r.edges[i + 1])}`),
    edges: r.edges,
    real: shares(r.counts, real.values.length),
    synthetic: shares(s.counts, synthetic.values.length),
  };
}

/** The rows of a preview's columns. */
export function rowCount(columns: readonly PreviewColumn[]): number {
  const c = columns[0];
  return c === undefined ? 0 : c.kind === 'numeric' ? c.values.length : c.codes.length;
}

export interface ScatterView {
  x: string;
  y: string;
  real: { x: number; y: number }[];
  synthetic: { x: number; y: number }[];
}

function numericPair(columns: readonly PreviewColumn[], x: string, y: string) {
  const find = (name: string) => columns.find((c) => c.name === name && c.kind === 'numeric');
  const a = find(x);
  const b = find(y);
  if (a?.kind !== 'numeric' || b?.kind !== 'numeric') return null;
  return a.values.map((v, i) => ({ x: v, y: b.values[i] }));
}

/** Two numeric columns of the real and the generated rows (null: either is not a numeric column). */
export function scatterView(g: GeneratedView, x: string, y: string): ScatterView | null {
  const real = numericPair(g.real, x, y);
  const synthetic = numericPair(g.synthetic, x, y);
  return real && synthetic ? { x, y, real, synthetic } : null;
}

/** The banner over a generate run whose rows collapsed at its last check (null: they had not). */
export function collapseBanner(epochs: readonly EpochPoint[]): string | null {
  for (let i = epochs.length - 1; i >= 0; i--) {
    const { spread, epoch } = epochs[i];
    if (spread) return spread.collapsed ? collapseMessage(spread, epoch) : null;
  }
  return null;
}
