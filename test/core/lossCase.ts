/**
 * Turns a `loss` case of the PyTorch fidelity fixtures (test/fixtures/fidelity/loss.json, format in
 * its README) into a call of the loss registry, so every suite that reads such cases runs them the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getLoss } from '../../src/core/losses';
import type { LossBatch } from '../../src/core/losses';
import { resolveParams } from '../../src/core/params';

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
  tolerance: { rtol: number; atol: number };
}

/** The order in which named members become `LossBatch.outputs` (contrastive, triplet). */
const MEMBER_ORDER = ['x1', 'x2', 'anchor', 'positive', 'negative'];

function isMatrix(v: number[] | Matrix): v is Matrix {
  return v.length > 0 && Array.isArray(v[0]);
}

/** The input's (or a gradient's) members as flat row-major arrays, with rows and columns. */
export function flatten(input: CaseInput): { arrays: Float64Array[]; n: number; k: number } {
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
  const { arrays, n, k } = flatten(c.input);
  const target = Float64Array.from(isMatrix(c.target) ? c.target.flat() : c.target);
  return { outputs: arrays, target, n, k };
}

/** Runs one case through the registry (parameters validated as a config's would be). */
export function runLossCase(c: LossCase): { value: number; grads: Float64Array[] } {
  const loss = getLoss(c.name);
  const batch = caseBatch(c);
  const params = resolveParams(loss.params, c.params, 'loss', loss.id);
  const grads = batch.outputs.map((o) => new Float64Array(o.length).fill(Number.NaN));
  const value = loss.compute(batch, params, grads);
  return { value, grads };
}

/** `|a - e| <= atol + rtol |e|`, the fixtures' elementwise rule. */
export function withinTolerance(a: number, e: number, tol: { rtol: number; atol: number }): boolean {
  return Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
}

/**
 * Every mismatch of one case, as readable lines (empty when it passes): the value, then each gradient
 * element that is off or not finite.
 */
export function checkLossCase(c: LossCase): string[] {
  const { value, grads } = runLossCase(c);
  const errors: string[] = [];
  if (!withinTolerance(value, c.expected.value, c.tolerance)) errors.push(`value ${value}, expected ${c.expected.value}`);
  const want = flatten(c.expected.grad).arrays;
  if (want.length !== grads.length) return [...errors, `${grads.length} gradient members, expected ${want.length}`];
  want.forEach((w, m) => {
    if (w.length !== grads[m].length) errors.push(`gradient ${m} has ${grads[m].length} elements, expected ${w.length}`);
    else w.forEach((e, i) => {
      if (!withinTolerance(grads[m][i], e, c.tolerance)) errors.push(`grad[${m}][${i}] ${grads[m][i]}, expected ${e}`);
    });
  });
  return errors;
}

/** The fixtures folder, found by walking up from here (source, bundle or compiled `out/`) or from the cwd. */
export function fidelityDir(): string {
  const rel = path.join('test', 'fixtures', 'fidelity');
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, rel))) return path.join(dir, rel);
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`no ${rel} above ${__dirname} or ${process.cwd()}`);
}

export function readLossCases(file = path.join(fidelityDir(), 'loss.json')): LossCase[] {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: LossCase[] };
  return json.cases.filter((c) => c.kind === 'loss');
}
