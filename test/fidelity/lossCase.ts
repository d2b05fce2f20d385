/**
 * Runs one `loss` case of the PyTorch fidelity fixtures through the loss registry: the mean-reduced
 * value and the gradient with respect to the input must match.
 */
import { getLoss } from '../../src/core/losses';
import type { LossBatch } from '../../src/core/losses';
import { resolveParams } from '../../src/core/params';
import { type CaseResult, type Tolerance, all, compare, guarded } from './cases';

type Matrix = number[][];
/** A 1-D input is one output per row; a 2-D input is n × k; pair and triplet losses name their members. */
export type CaseInput = number[] | Matrix | Record<string, Matrix>;

export interface LossCase {
  kind: 'loss';
  name: string;
  params: Record<string, unknown>;
  doc?: string;
  input: CaseInput;
  target: number[] | Matrix;
  expected: { value: number; grad: CaseInput };
  tolerance: Tolerance;
}

/** The order in which named members become `LossBatch.outputs` (contrastive, triplet). */
const MEMBER_ORDER = ['x1', 'x2', 'anchor', 'positive', 'negative'];

function isMatrix(v: number[] | Matrix): v is Matrix {
  return v.length > 0 && Array.isArray(v[0]);
}

/** The input's (or a gradient's) members as flat row-major arrays, with rows and columns. */
export function members(input: CaseInput): { arrays: Float64Array[]; n: number; k: number } {
  if (Array.isArray(input)) {
    if (!isMatrix(input)) return { arrays: [Float64Array.from(input)], n: input.length, k: 1 };
    return { arrays: [Float64Array.from(input.flat())], n: input.length, k: input[0].length };
  }
  const names = Object.keys(input);
  for (const name of names) if (!MEMBER_ORDER.includes(name)) throw new Error(`unknown input member ${name}`);
  names.sort((a, b) => MEMBER_ORDER.indexOf(a) - MEMBER_ORDER.indexOf(b));
  const first = input[names[0]];
  return { arrays: names.map((name) => Float64Array.from(input[name].flat())), n: first.length, k: first[0].length };
}

export function caseBatch(c: LossCase): LossBatch {
  const { arrays, n, k } = members(c.input);
  const target = Float64Array.from(isMatrix(c.target) ? c.target.flat() : c.target);
  return { outputs: arrays, target, n, k };
}

export function runLossCase(c: LossCase): CaseResult {
  return guarded(c.name, () => {
    const loss = getLoss(c.name);
    const batch = caseBatch(c);
    const params = resolveParams(loss.params, c.params, 'loss', loss.id);
    // Pre-filled with NaN so that an element the loss forgets to write fails.
    const grads = batch.outputs.map((o) => new Float64Array(o.length).fill(Number.NaN));
    const value = loss.compute(batch, params, grads);
    const want = members(c.expected.grad).arrays;
    if (want.length !== grads.length)
      return { ok: false, maxErr: Infinity, message: `${grads.length} gradient members, expected ${want.length}` };
    return all([
      compare([value], [c.expected.value], c.tolerance, 'value'),
      ...want.map((w, m) => compare(grads[m], w, c.tolerance, `grad[${m}]`)),
    ]);
  });
}
