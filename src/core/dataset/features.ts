/**
 * The feature matrix: numeric columns as they are, categorical columns one-hot encoded over the levels
 * present in the kept rows, in level order (`color=blue`, `color=red`).
 */
import { LossLabError, quote } from '../errors';
import type { KeptFeature } from './missing';

/** Above this many levels a categorical feature is probably an identifier or free text. */
export const MANY_LEVELS = 50;
/** Largest feature matrix built (400 MB of doubles): beyond it one-hot encoding has run away. */
export const MAX_MATRIX_VALUES = 50_000_000;

export interface FeatureMatrix {
  /** `n × d`, row-major. */
  x: Float64Array;
  d: number;
  names: string[];
}

/** Where each feature goes in the matrix: its first column, and a categorical level's column after that (-1: absent). */
export interface FeatureBlock {
  feature: KeptFeature;
  offset: number;
  slot: Int32Array;
}

/** The matrix's column names and blocks, with the warnings and the refusal that encoding gives. */
export function featureLayout(
  features: readonly KeptFeature[],
  n: number,
  warnings: string[],
): { names: string[]; blocks: FeatureBlock[] } {
  const names: string[] = [];
  const blocks: FeatureBlock[] = [];
  for (const f of features) {
    const offset = names.length;
    if (f.kind === 'numeric') {
      names.push(f.name);
      blocks.push({ feature: f, offset, slot: new Int32Array(0) });
      continue;
    }
    const present = new Uint8Array(f.levels.length);
    for (const k of f.codes) present[k] = 1;
    const slot = new Int32Array(f.levels.length).fill(-1);
    f.levels.forEach((level, k) => {
      if (!present[k]) return;
      slot[k] = names.length - offset;
      names.push(`${f.name}=${level}`);
    });
    const levels = names.length - offset;
    if (levels > MANY_LEVELS)
      warnings.push(
        `column ${quote(f.name)} has ${levels} distinct values, one-hot encoded into ${levels} features; leave it out of the features if it is an identifier or free text`,
      );
    blocks.push({ feature: f, offset, slot });
  }
  if (n * names.length > MAX_MATRIX_VALUES) throw tooLarge(blocks, n, names.length);
  return { names, blocks };
}

export function encodeFeatures(features: readonly KeptFeature[], n: number, warnings: string[]): FeatureMatrix {
  const { names, blocks } = featureLayout(features, n, warnings);
  const d = names.length;
  const x = new Float64Array(n * d);
  // Numeric columns row by row, so the matrix is written in order rather than strided through once per column.
  const numeric = blocks.flatMap((b) =>
    b.feature.kind === 'numeric' ? [{ values: b.feature.values, offset: b.offset }] : [],
  );
  for (let i = 0; i < n; i++) for (const c of numeric) x[i * d + c.offset] = c.values[i];
  for (const { feature: f, offset, slot } of blocks)
    if (f.kind === 'categorical') for (let i = 0; i < n; i++) x[i * d + offset + slot[f.codes[i]]] = 1;
  return { x, d, names };
}

function tooLarge(blocks: readonly { feature: KeptFeature; slot: Int32Array }[], n: number, d: number): LossLabError {
  const wide = blocks
    .filter((b) => b.feature.kind === 'categorical' && b.slot.length > MANY_LEVELS)
    .sort((a, b) => b.slot.length - a.slot.length)
    .map((b) => `${quote(b.feature.name)} (${b.slot.length} distinct values)`);
  const fix = wide.length
    ? `one-hot encoding ${wide.join(', ')} makes most of them; leave ${wide.length === 1 ? 'it' : 'them'} out of the features if ${wide.length === 1 ? 'it is an identifier' : 'they are identifiers'} or free text`
    : 'use fewer rows or feature columns';
  return new LossLabError(
    `${n} rows × ${d} features is too large to train on (more than ${MAX_MATRIX_VALUES} values); ${fix}`,
    { field: 'features' },
  );
}
