/**
 * The `crf_nll` loss cases: padded emissions [B, T, C] and tags [B, T] (padding -1) with each sequence's
 * length. The core takes sequences concatenated without padding, so the case is unpadded on the way in and
 * the emissions' gradient padded with zeros on the way out: a nonzero expected gradient at a padded
 * position would fail the comparison.
 */
import { crfLayout, crfNll, viterbi } from '../../src/core/sequence/crf';
import { type CaseResult, type Tolerance, all, compare, flatten } from './cases';

export interface CrfCase {
  kind: 'loss';
  name: 'crf_nll';
  input: { emissions: number[][][]; transitions: number[][]; start: number[]; end: number[] };
  target: number[][];
  lengths: number[];
  expected: {
    value: number;
    grad: { emissions: number[][][]; transitions: number[][]; start: number[]; end: number[] };
    viterbi: number[][];
  };
  tolerance: Tolerance;
}

export function runCrfCase(k: CrfCase): CaseResult {
  const { emissions, transitions, start, end } = k.input;
  const c = start.length;
  const t = emissions[0].length;
  const e = Float64Array.from(emissions.flatMap((seq, b) => seq.slice(0, k.lengths[b]).flat()));
  const tags = k.target.flatMap((seq, b) => seq.slice(0, k.lengths[b]));
  const params = Float64Array.from([...transitions.flat(), ...start, ...end]);
  const grads = { emissions: new Float64Array(e.length), params: new Float64Array(params.length) };
  const value = crfNll(e, tags, k.lengths, c, params, grads);
  const padded = new Float64Array(emissions.length * t * c);
  let from = 0;
  k.lengths.forEach((len, b) => {
    padded.set(grads.emissions.subarray(from * c, (from + len) * c), b * t * c);
    from += len;
  });
  const { start: s0, end: e0 } = crfLayout(c);
  const g = k.expected.grad;
  const exact = { rtol: 0, atol: 0 };
  return all([
    compare([value], [k.expected.value], k.tolerance, 'value'),
    compare(padded, flatten(g.emissions), k.tolerance, 'grad emissions'),
    compare(grads.params.subarray(0, s0), flatten(g.transitions), k.tolerance, 'grad transitions'),
    compare(grads.params.subarray(s0, e0), flatten(g.start), k.tolerance, 'grad start'),
    compare(grads.params.subarray(e0), flatten(g.end), k.tolerance, 'grad end'),
    compare(viterbi(e, k.lengths, c, params), flatten(k.expected.viterbi), exact, 'viterbi'),
  ]);
}
