/**
 * What every kind of PyTorch fidelity case shares: where the fixtures are, the tolerance rule and
 * flattening nested tensors. Format: test/fixtures/fidelity/README.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fixturePath } from '../core/fixtures';

export type Nested = number | Nested[];

export interface Tolerance {
  rtol: number;
  atol: number;
}

export interface CaseResult {
  ok: boolean;
  /** Largest |actual − expected| over every compared value. */
  maxErr: number;
  message?: string;
}

/** `LOSSLAB_FIDELITY_DIR` when set, else the project's own copy. */
export function fidelityDir(): string {
  const override = process.env.LOSSLAB_FIDELITY_DIR;
  return override ? resolve(override) : fixturePath('fidelity');
}

/** Every case of every JSON file in `dir`, with the file it came from. */
export function loadFolder(dir: string): { file: string; case: Record<string, unknown> }[] {
  if (!existsSync(dir)) throw new Error(`no fidelity folder at ${dir}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cases?: Record<string, unknown>[] };
      return (json.cases ?? []).map((c) => ({ file, case: c }));
    });
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
export function compare(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  label: string,
): CaseResult {
  if (actual.length !== expected.length)
    return { ok: false, maxErr: Infinity, message: `${label}: ${actual.length} values, expected ${expected.length}` };
  let maxErr = 0;
  let message: string | undefined;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    maxErr = Math.max(maxErr, Number.isNaN(diff) ? Infinity : diff);
    // Written so that NaN fails.
    if (!(diff <= tol.atol + tol.rtol * Math.abs(expected[i])) && message === undefined)
      message = `${label}[${i}]: got ${actual[i]}, expected ${expected[i]}`;
  }
  return { ok: message === undefined, maxErr, message };
}

/** Several comparisons of one case: the first failure, or success with the largest error. */
export function all(results: CaseResult[]): CaseResult {
  const failed = results.find((r) => !r.ok);
  const maxErr = Math.max(0, ...results.map((r) => r.maxErr));
  return failed ? { ...failed, maxErr } : { ok: true, maxErr };
}

/**
 * A loss case's value and its gradient with respect to each named input: the members must be the ones the
 * case expects (in any order), each compared elementwise.
 */
export function compareLoss(
  actual: { value: number; grad: Record<string, ArrayLike<number>> },
  expected: { value: number; grad: Record<string, Nested[]> },
  tol: Tolerance,
): CaseResult {
  const keys = Object.keys(expected.grad).sort();
  if (keys.join() !== Object.keys(actual.grad).sort().join())
    return {
      ok: false,
      maxErr: Infinity,
      message: `gradient members ${Object.keys(actual.grad).join()}, expected ${keys.join()}`,
    };
  return all([
    compare([actual.value], [expected.value], tol, 'value'),
    ...keys.map((k) => compare(actual.grad[k], flatten(expected.grad[k]), tol, `grad ${k}`)),
  ]);
}

/** Runs a case, turning an exception (an unsupported name, a bad parameter) into a failure. */
export function guarded(label: string, fn: () => CaseResult): CaseResult {
  try {
    return fn();
  } catch (e) {
    return { ok: false, maxErr: Infinity, message: `${label}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
