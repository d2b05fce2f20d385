/**
 * How rows are encoded for a generative model, and decoded back: the one fact that every generative
 * family (the VAE's decoder, a GAN's generator) shares. A numeric column is one standardized value; a
 * categorical column is a one-hot block, and the network's output over that block is read through a
 * softmax (one per column), so that a generated row has one probability distribution per category.
 */
import type { KeptFeature } from '../dataset/missing';
import type { Rng } from '../rng';

export type Block =
  | { kind: 'numeric'; name: string; offset: number; mean: number; std: number }
  | { kind: 'categorical'; name: string; offset: number; width: number; labels: string[] };

export interface GenerativeLayout {
  blocks: Block[];
  /** Values per encoded row: one per numeric column, one per category of each categorical column. */
  width: number;
}

/**
 * Rows column by column, each numeric column in standardized units and each categorical one as the index
 * of its label: what the quality measures, the baselines and the sampler work on.
 */
export interface ColumnSample {
  n: number;
  numeric: Float64Array[];
  categorical: Int32Array[];
}

/**
 * The layout of `features` (over the rows they were kept on) and the encoded matrix, n × width: numeric
 * columns standardized with the mean and population std of the `fit` rows (std 1 for a constant column),
 * categorical ones one-hot over the levels present.
 */
export function encodeRows(
  features: readonly KeptFeature[],
  n: number,
  fit: Int32Array,
): { layout: GenerativeLayout; x: Float64Array } {
  const blocks: Block[] = [];
  const slots: Int32Array[] = [];
  let width = 0;
  for (const f of features) {
    if (f.kind === 'numeric') {
      const { mean, std } = moments(f.values, fit);
      blocks.push({ kind: 'numeric', name: f.name, offset: width++, mean, std });
      slots.push(new Int32Array(0));
      continue;
    }
    const present = new Uint8Array(f.levels.length);
    for (const k of f.codes) present[k] = 1;
    const slot = new Int32Array(f.levels.length).fill(-1);
    const labels: string[] = [];
    f.levels.forEach((level, k) => {
      if (present[k]) slot[k] = labels.push(level) - 1;
    });
    blocks.push({ kind: 'categorical', name: f.name, offset: width, width: labels.length, labels });
    slots.push(slot);
    width += labels.length;
  }
  const x = new Float64Array(n * width);
  features.forEach((f, b) => {
    const block = blocks[b];
    for (let i = 0; i < n; i++)
      if (f.kind === 'numeric' && block.kind === 'numeric')
        x[i * width + block.offset] = (f.values[i] - block.mean) / block.std;
      else if (f.kind === 'categorical') x[i * width + block.offset + slots[b][f.codes[i]]] = 1;
  });
  return { layout: { blocks, width }, x };
}

function moments(v: Float64Array, fit: Int32Array): { mean: number; std: number } {
  let sum = 0;
  for (const i of fit) sum += v[i];
  const mean = fit.length ? sum / fit.length : 0;
  let ss = 0;
  for (const i of fit) ss += (v[i] - mean) ** 2;
  const std = fit.length ? Math.sqrt(ss / fit.length) : 0;
  // An overflowed spread stays infinite, for the dataset's range check to report the column.
  return { mean, std: std > 0 || Number.isNaN(std) ? std : 1 };
}

/** The encoded rows `rows` of `x` as columns (a one-hot block read as the index of its 1). */
export function columnsOf(layout: GenerativeLayout, x: Float64Array, rows: ArrayLike<number>): ColumnSample {
  const n = rows.length;
  const w = layout.width;
  const numeric: Float64Array[] = [];
  const categorical: Int32Array[] = [];
  for (const b of layout.blocks) {
    if (b.kind === 'numeric') numeric.push(Float64Array.from({ length: n }, (_, i) => x[rows[i] * w + b.offset]));
    else categorical.push(Int32Array.from({ length: n }, (_, i) => argmax(x, rows[i] * w + b.offset, b.width)));
  }
  return { n, numeric, categorical };
}

function argmax(v: Float64Array, from: number, width: number): number {
  let best = 0;
  for (let k = 1; k < width; k++) if (v[from + k] > v[from + best]) best = k;
  return best;
}

/** Softmax over each categorical block of the n × width network outputs `out`, in place; numeric values stay. */
export function softmaxBlocks(layout: GenerativeLayout, out: Float64Array, n: number): void {
  const w = layout.width;
  for (const b of layout.blocks) {
    if (b.kind !== 'categorical') continue;
    for (let i = 0; i < n; i++) {
      const at = i * w + b.offset;
      let max = -Infinity;
      for (let k = 0; k < b.width; k++) max = Math.max(max, out[at + k]);
      let sum = 0;
      for (let k = 0; k < b.width; k++) sum += out[at + k] = Math.exp(out[at + k] - max);
      for (let k = 0; k < b.width; k++) out[at + k] /= sum;
    }
  }
}

/**
 * Generated rows as columns: numeric values as the network gave them (standardized units), each category
 * drawn from its block's softmax with `rng` (drawing, rather than taking the most likely label, keeps the
 * rarer labels at their learned frequency). `probs` is n × width after `softmaxBlocks`.
 */
export function drawColumns(layout: GenerativeLayout, probs: Float64Array, n: number, rng: Rng): ColumnSample {
  const w = layout.width;
  const numeric: Float64Array[] = [];
  const categorical: Int32Array[] = [];
  for (const b of layout.blocks) {
    if (b.kind === 'numeric') {
      numeric.push(Float64Array.from({ length: n }, (_, i) => probs[i * w + b.offset]));
      continue;
    }
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let u = rng.uniform();
      let k = 0;
      for (const at = i * w + b.offset; k < b.width - 1; k++) if ((u -= probs[at + k]) < 0) break;
      codes[i] = k;
    }
    categorical.push(codes);
  }
  return { n, numeric, categorical };
}

/** Rows in the original units, column names and labels: a header and one array of cells per row. */
export function decodeRows(layout: GenerativeLayout, s: ColumnSample): { header: string[]; rows: string[][] } {
  const header = layout.blocks.map((b) => b.name);
  let num = 0;
  let cat = 0;
  const cells = layout.blocks.map((b) =>
    b.kind === 'numeric'
      ? Array.from(s.numeric[num++], (v) => String(v * b.std + b.mean))
      : Array.from(s.categorical[cat++], (k) => b.labels[k]),
  );
  return { header, rows: Array.from({ length: s.n }, (_, i) => cells.map((c) => c[i])) };
}

/** The numeric and categorical blocks, in column order. */
export function numericBlocks(layout: GenerativeLayout) {
  return layout.blocks.filter((b): b is Extract<Block, { kind: 'numeric' }> => b.kind === 'numeric');
}

export function categoricalBlocks(layout: GenerativeLayout) {
  return layout.blocks.filter((b): b is Extract<Block, { kind: 'categorical' }> => b.kind === 'categorical');
}
