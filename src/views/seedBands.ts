/**
 * The seeds card's view model: per configuration (runs sharing a `group`) the mean curve of a per-epoch
 * value with a band (min–max, or ±1 sample standard deviation), and the difference A − B of two
 * configurations over the seeds both ran, with its band and, once both have ended, the paired comparison
 * of their final values. Pure, so it is tested without a browser.
 */
import type { EpochPoint, RunView } from '../protocol/webview';
import { meanStd } from '../core/stats/describe';
import { type PairedComparison, pairedComparison, pairedVerdict } from '../core/stats/paired';

export type BandKind = 'minmax' | 'std';
export const BAND_KINDS: readonly BandKind[] = ['minmax', 'std'];

export interface Band {
  /** Epochs where every seed has a value (the runs' common length, so the mean is of the same seeds throughout). */
  x: number[];
  mean: number[];
  lo: number[];
  hi: number[];
}

export interface SeedGroup {
  name: string;
  /** Run ids by seed. */
  runs: Map<number, string>;
}

/** The groups of the shown runs, in the order first seen; a group needs two seeds for a band. */
export function seedGroups(runs: readonly RunView[]): SeedGroup[] {
  const out = new Map<string, SeedGroup>();
  for (const r of runs) {
    if (r.group === undefined || r.seed === undefined) continue;
    const g = out.get(r.group) ?? { name: r.group, runs: new Map() };
    g.runs.set(r.seed, r.id);
    out.set(r.group, g);
  }
  return [...out.values()].filter((g) => g.runs.size >= 2);
}

/** A value per epoch of each series, read by `value` (NaN where it has none). */
export type EpochValue = (p: EpochPoint) => number | null;

function columns(series: readonly (readonly EpochPoint[])[], value: EpochValue): { x: number[]; cols: number[][] } {
  const n = Math.min(...series.map((s) => s.length));
  const x: number[] = [];
  const cols: number[][] = [];
  for (let i = 0; i < n; i++) {
    x.push(series[0][i].epoch);
    cols.push(series.map((s) => s[i]).map((p) => value(p) ?? NaN));
  }
  return { x, cols };
}

/** The band of equal-length columns: mean with min–max or mean ± std at each x. */
export function band(x: number[], cols: readonly number[][], kind: BandKind): Band {
  const out: Band = { x: [], mean: [], lo: [], hi: [] };
  cols.forEach((col, i) => {
    if (!col.every(Number.isFinite)) return;
    const { mean, std } = meanStd(col);
    out.x.push(x[i]);
    out.mean.push(mean);
    out.lo.push(kind === 'minmax' ? Math.min(...col) : mean - std);
    out.hi.push(kind === 'minmax' ? Math.max(...col) : mean + std);
  });
  return out;
}

/** A group's band over its seeds' epoch series. */
export function groupBand(
  g: SeedGroup,
  epochsOf: (id: string) => readonly EpochPoint[],
  value: EpochValue,
  kind: BandKind,
): Band {
  const { x, cols } = columns([...g.runs.values()].map(epochsOf), value);
  return band(x, cols, kind);
}

export interface Difference {
  seeds: number[];
  band: Band;
  /** The paired comparison of the final values; null until every paired run has ended with one. */
  comparison: PairedComparison | null;
  verdict: string;
}

/** A − B over the seeds both ran: each seed's difference curve, their band, and the final comparison. */
export function difference(
  a: SeedGroup,
  b: SeedGroup,
  runs: readonly RunView[],
  epochsOf: (id: string) => readonly EpochPoint[],
  value: EpochValue,
  what: string,
  kind: BandKind,
  fmt: (x: number) => string,
): Difference {
  const seeds = [...a.runs.keys()].filter((s) => b.runs.has(s));
  const pairs = seeds.map((s) => [epochsOf(a.runs.get(s)!), epochsOf(b.runs.get(s)!)] as const);
  const n = Math.min(...pairs.flatMap(([pa, pb]) => [pa.length, pb.length]));
  const x = pairs.length ? pairs[0][0].slice(0, n).map((p) => p.epoch) : [];
  const cols = x.map((_, i) => pairs.map(([pa, pb]) => (value(pa[i]) ?? NaN) - (value(pb[i]) ?? NaN)));
  const byId = new Map(runs.map((r) => [r.id, r]));
  const ended = seeds.every((s) => [a, b].every((g) => byId.get(g.runs.get(s)!)?.status !== 'running'));
  const finals = (g: SeedGroup) => seeds.map((s) => epochsOf(g.runs.get(s)!).at(-1)).map((p) => (p ? value(p) : null));
  const fa = finals(a);
  const fb = finals(b);
  const complete = ended && seeds.length > 0 && [...fa, ...fb].every((v) => v !== null && Number.isFinite(v));
  const comparison = complete ? pairedComparison(fa as number[], fb as number[]) : null;
  const verdict = !seeds.length
    ? `${a.name} and ${b.name} share no seed: repeat both over the same seeds to compare them.`
    : comparison
      ? pairedVerdict(comparison, `final ${what}, ${a.name} − ${b.name}`, fmt)
      : `The paired comparison of the final ${what} appears when the ${seeds.length * 2} runs have ended.`;
  return { seeds, band: band(x, cols, kind), comparison, verdict };
}
