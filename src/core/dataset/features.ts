/**
 * The feature matrix: numeric columns as they are, categorical columns one-hot encoded over the levels
 * present in the kept rows, in level order (`color=blue`, `color=red`).
 */
import { LossLabError, quote, showPath } from '../errors';
import type { KeptFeature } from './missing';
import type { MatrixMemory } from './types';

/** Above this many levels a categorical feature is probably an identifier or free text. */
export const MANY_LEVELS = 50;

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

/** The matrix's column names and blocks, with the warnings that encoding gives (its size is checked as it is allocated). */
export function featureLayout(
  features: readonly KeptFeature[],
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
  return { names, blocks };
}

export function encodeFeatures(
  features: readonly KeptFeature[],
  n: number,
  warnings: string[],
  file: string,
  memory: MatrixMemory = {},
): FeatureMatrix {
  const { names, blocks } = featureLayout(features, warnings);
  const d = names.length;
  checkMatrixFits(blocks, n, d, file, memory);
  const x = allocate(n * d, memory.shared === true, () => tooLarge(blocks, n, d, file, 'more than can be allocated'));
  // Numeric columns row by row, so the matrix is written in order rather than strided through once per column.
  const numeric = blocks.flatMap((b) =>
    b.feature.kind === 'numeric' ? [{ values: b.feature.values, offset: b.offset }] : [],
  );
  for (let i = 0; i < n; i++) for (const c of numeric) x[i * d + c.offset] = c.values[i];
  for (const { feature: f, offset, slot } of blocks)
    if (f.kind === 'categorical') for (let i = 0; i < n; i++) x[i * d + offset + slot[f.codes[i]]] = 1;
  return { x, d, names };
}

/** Refuses a matrix of this layout that would not fit in `memory`, without allocating it (an inspection). */
export function checkMatrixFits(
  blocks: readonly FeatureBlock[],
  n: number,
  d: number,
  file: string,
  memory: MatrixMemory,
): void {
  const available = memory.availableBytes ?? Infinity;
  if (n * d * 8 > available) throw tooLarge(blocks, n, d, file, `${size(available)} available`);
}

/**
 * The zeroed matrix, whose size `checkMatrixFits` has checked against the memory available: typed arrays live
 * outside the JavaScript heap, so neither `--max-old-space-size` nor a worker's `resourceLimits` bounds them,
 * only the machine's memory and the engine's largest typed array (2³² values in Node 20), which is refused here.
 * The pages are touched as the matrix is filled.
 */
function allocate(values: number, shared: boolean, refuse: () => LossLabError): Float64Array {
  try {
    return shared ? new Float64Array(new SharedArrayBuffer(values * 8)) : new Float64Array(values);
  } catch (e) {
    if (e instanceof RangeError) throw refuse();
    throw e;
  }
}

const size = (bytes: number): string =>
  bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(1)} GB`
    : bytes >= 1e6
      ? `${Math.ceil(bytes / 1e6)} MB`
      : `${Math.ceil(bytes / 1e3)} kB`;

function tooLarge(
  blocks: readonly { feature: KeptFeature; slot: Int32Array }[],
  n: number,
  d: number,
  file: string,
  room: string,
): LossLabError {
  const wide = blocks
    .filter((b) => b.feature.kind === 'categorical' && b.slot.length > MANY_LEVELS)
    .sort((a, b) => b.slot.length - a.slot.length)
    .map((b) => `${quote(b.feature.name)} (${b.slot.length} distinct values)`);
  const fix = wide.length
    ? `one-hot encoding ${wide.join(', ')} makes most of them; leave ${wide.length === 1 ? 'it' : 'them'} out of the features if ${wide.length === 1 ? 'it is an identifier' : 'they are identifiers'} or free text`
    : 'leave columns out of the features (--features, data.features), use fewer rows, or free memory';
  return new LossLabError(
    `${showPath(file)}: ${n} rows × ${d} features need ${size(n * d * 8)} of memory for the feature matrix (${room}); ${fix}`,
    { file, field: 'features' },
  );
}
