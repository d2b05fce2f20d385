/**
 * The linear-chain CRF against independent sources: the log-likelihood and the best path by enumerating
 * every tag path of short sequences, the gradient (emissions and the CRF's own parameters, through the
 * bound loss as the trainer calls it) by central finite differences. The PyTorch cases are in the
 * fidelity suites (crf_nll, train crf).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crfLoss } from '../../src/core/losses/crf';
import { sequenceLengths } from '../../src/core/sequence/lengths';
import { Rng } from '../../src/core/rng';
import { crfLayout, crfNll, viterbi } from '../../src/core/sequence/crf';

function normals(n: number, scale: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

/** Every path of `len` tags among `c`, as arrays. */
function allPaths(len: number, c: number): number[][] {
  if (len === 0) return [[]];
  return allPaths(len - 1, c).flatMap((p) => Array.from({ length: c }, (_, j) => [...p, j]));
}

/** The score of a path of one sequence, straight from the definition. */
function score(e: Float64Array, from: number, path: number[], c: number, p: Float64Array): number {
  const { start, end } = crfLayout(c);
  let s = p[start + path[0]] + p[end + path[path.length - 1]];
  path.forEach((y, t) => {
    s += e[(from + t) * c + y];
    if (t > 0) s += p[path[t - 1] * c + y];
  });
  return s;
}

const LENGTHS = [3, 1, 4, 2];

function batch(c: number, scale: number, seed: number) {
  const rng = new Rng(seed);
  const rows = LENGTHS.reduce((a, b) => a + b, 0);
  const tags = Float64Array.from({ length: rows }, () => rng.int(c));
  return { e: normals(rows * c, scale, rng), tags, p: normals(crfLayout(c).size, 1, rng) };
}

for (const c of [2, 3, 4])
  test(`CRF with ${c} tags: NLL and Viterbi equal enumerating every path`, () => {
    const { e, tags, p } = batch(c, 1.5, c);
    let want = 0;
    let from = 0;
    const best: number[] = [];
    for (const len of LENGTHS) {
      const paths = allPaths(len, c);
      const scores = paths.map((path) => score(e, from, path, c, p));
      const logZ = Math.log(scores.reduce((s, v) => s + Math.exp(v), 0));
      want += logZ - score(e, from, Array.from(tags.subarray(from, from + len)), c, p);
      best.push(...paths[scores.indexOf(Math.max(...scores))]);
      from += len;
    }
    const got = crfNll(e, tags, LENGTHS, c, p, null);
    assert.ok(Math.abs(got - want / LENGTHS.length) < 1e-12, `${got} vs ${want / LENGTHS.length}`);
    assert.deepEqual(Array.from(viterbi(e, LENGTHS, c, p)), best);
  });

for (const [c, scale] of [
  [2, 1],
  [3, 1],
  [5, 1],
  [3, 30],
] as const)
  test(`CRF with ${c} tags, emissions of scale ${scale}: gradient matches central finite differences`, () => {
    const { e, tags, p } = batch(c, scale, 10 + c);
    const group = Float64Array.from(LENGTHS.flatMap((len, s) => new Array<number>(len).fill(s)));
    const loss = crfLoss(c, 0);
    const lossBatch = (taskGrads?: Float64Array) => ({
      outputs: [e],
      target: tags,
      n: tags.length,
      k: c,
      group,
      taskParams: p,
      taskGrads,
    });
    const grads = [new Float64Array(e.length).fill(NaN)];
    const taskGrads = new Float64Array(p.length).fill(NaN);
    loss.compute(lossBatch(taskGrads), {}, grads);
    const h = 1e-6;
    const numeric = (x: Float64Array, i: number) => {
      const v = x[i];
      x[i] = v + h;
      const up = loss.compute(lossBatch(), {}, null);
      x[i] = v - h;
      const down = loss.compute(lossBatch(), {}, null);
      x[i] = v;
      return (up - down) / (2 * h);
    };
    const tol = 1e-6 * Math.max(1, scale);
    e.forEach((_, i) => assert.ok(Math.abs(grads[0][i] - numeric(e, i)) < tol, `emission ${i}`));
    p.forEach((_, i) => assert.ok(Math.abs(taskGrads[i] - numeric(p, i)) < tol, `crf parameter ${i}`));
  });

test('emissions of ±1000 give a finite loss and gradient', () => {
  const e = Float64Array.from([1000, -1000, -1000, 1000, 1000, -1000]);
  const p = new Float64Array(crfLayout(2).size);
  const g = { emissions: new Float64Array(6), params: new Float64Array(p.length) };
  const value = crfNll(e, [1, 1, 0], [3], 2, p, g);
  assert.ok(Math.abs(value - 2000) < 1e-9, String(value));
  assert.ok([...g.emissions, ...g.params].every(Number.isFinite));
});

test('a batch’s sequences are the runs of equal ids, in order', () => {
  assert.deepEqual(sequenceLengths([4, 4, 4, 0, 2, 2]), [3, 1, 2]);
  assert.deepEqual(sequenceLengths([]), []);
});

test('the CRF’s parameters start uniform in (−0.1, 0.1), the same for the same seed', () => {
  const init = crfLoss(3, 7).initialTaskParams!();
  assert.equal(init.length, 15);
  assert.ok(init.every((v) => v > -0.1 && v < 0.1));
  assert.deepEqual(crfLoss(3, 7).initialTaskParams!(), init);
  assert.notDeepEqual(crfLoss(3, 8).initialTaskParams!(), init);
});
