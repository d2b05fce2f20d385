/**
 * The feature matrix: numeric columns as they are, categorical columns one-hot encoded over the levels
 * present in the kept rows, in level order (`color=blue`, `color=red`).
 */
import type { KeptFeature } from './missing';

/** Above this many levels a categorical feature is probably an identifier or free text. */
export const MANY_LEVELS = 50;

export interface FeatureMatrix {
  /** `n × d`, row-major. */
  x: Float64Array;
  d: number;
  names: string[];
}

export function encodeFeatures(features: readonly KeptFeature[], n: number, warnings: string[]): FeatureMatrix {
  const names: string[] = [];
  const blocks: { feature: KeptFeature; offset: number; slot: Int32Array }[] = [];
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
      warnings.push(`column '${f.name}' has ${levels} distinct values, one-hot encoded into ${levels} features; leave it out of the features if it is an identifier or free text`);
    blocks.push({ feature: f, offset, slot });
  }
  const d = names.length;
  const x = new Float64Array(n * d);
  for (const { feature: f, offset, slot } of blocks) {
    if (f.kind === 'numeric') for (let i = 0; i < n; i++) x[i * d + offset] = f.values[i];
    else for (let i = 0; i < n; i++) x[i * d + offset + slot[f.codes[i]]] = 1;
  }
  return { x, d, names };
}
