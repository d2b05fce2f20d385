/**
 * Runs one optimizer case of the PyTorch fidelity fixtures (test/fixtures/fidelity/optimizer.json) against
 * the core, for the fidelity test and the generic fidelity runner.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { clipByNorm, createOptimizer } from '../../src/core/optimizers';

export type Nested = number | Nested[];

export interface Tolerance {
  rtol: number;
  atol: number;
}

export interface OptimizerCase {
  kind: 'optimizer';
  name: string;
  params: Record<string, unknown>;
  doc?: string;
  initial: Nested[];
  grads: Nested[][];
  expected: Nested[][];
  tolerance: Tolerance;
}

export interface CaseResult {
  ok: boolean;
  /** Largest |actual − expected| over every compared value. */
  maxErr: number;
  message?: string;
}

/**
 * The fidelity fixture `file` (`optimizer.json`): from `LOSSLAB_FIDELITY_DIR` when set, else the first
 * `test/fixtures/fidelity` found walking up from this file (source, `out/` or a bundle), else under the
 * working directory.
 */
export function fidelityFile(file: string): string {
  const override = process.env.LOSSLAB_FIDELITY_DIR;
  if (override) return resolve(override, file);
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'fixtures', 'fidelity', file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  return resolve(process.cwd(), 'test', 'fixtures', 'fidelity', file);
}

export function loadCases<T>(file: string): T[] {
  return (JSON.parse(readFileSync(fidelityFile(file), 'utf8')) as { cases: T[] }).cases;
}

/** All tensors of a list, flattened in order (row-major) into one buffer. */
export function flatten(tensors: readonly Nested[]): Float64Array {
  const out: number[] = [];
  const walk = (x: Nested): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else out.push(x);
  };
  tensors.forEach(walk);
  return Float64Array.from(out);
}

/** Compares elementwise with |a − e| <= atol + rtol |e|; `label` prefixes the first mismatch. */
export function compare(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, label: string): CaseResult {
  if (actual.length !== expected.length)
    return { ok: false, maxErr: Infinity, message: `${label}: ${actual.length} values, expected ${expected.length}` };
  let maxErr = 0;
  let message: string | undefined;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    const err = Number.isNaN(diff) ? Infinity : diff;
    maxErr = Math.max(maxErr, err);
    // Written so that NaN fails.
    const bad = !(diff <= tol.atol + tol.rtol * Math.abs(expected[i]));
    if (bad && message === undefined) message = `${label}[${i}]: got ${actual[i]}, expected ${expected[i]}`;
  }
  return { ok: message === undefined, maxErr, message };
}

export function runOptimizerCase(c: OptimizerCase): CaseResult {
  try {
    const { clip_norm: clipNorm, ...given } = c.params;
    const params = flatten(c.initial);
    const { optimizer, params: resolved } = createOptimizer(c.name, params.length, given);
    const lr = resolved.lr as number;
    let maxErr = 0;
    for (let t = 0; t < c.grads.length; t++) {
      const grads = flatten(c.grads[t]);
      if (typeof clipNorm === 'number') clipByNorm(grads, clipNorm);
      optimizer.step(params, grads, lr);
      const r = compare(params, flatten(c.expected[t]), c.tolerance, `${c.name} step ${t}`);
      maxErr = Math.max(maxErr, r.maxErr);
      if (!r.ok) return { ...r, maxErr };
    }
    return { ok: true, maxErr };
  } catch (e) {
    return { ok: false, maxErr: Infinity, message: `${c.name}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
