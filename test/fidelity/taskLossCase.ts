/**
 * The `loss` cases whose input is not one prediction array against a target (ranking, contrastive,
 * multitask): they run through those losses' own functions (src/core/losses/ranking.ts,
 * contrastive.ts, multitask.ts) rather than the supervised registry. `input` is an array (scores) or an
 * object of named arrays, `group` gives the query of each row, and the gradient has the input's shape.
 */
import { infoNceLoss } from '../../src/core/losses/contrastive';
import { uncertaintyWeighting } from '../../src/core/losses/multitask';
import { vaeLoss } from '../../src/core/losses/vae';
import { listnetLoss, marginRankingLoss, ranknetLoss } from '../../src/core/losses/ranking';
import { type CaseResult, type Nested, type Tolerance, compareLoss, flatten, guarded } from './cases';

export interface TaskLossCase {
  kind: 'loss';
  name: string;
  params: Record<string, number>;
  input: Nested[] | Record<string, Nested[]>;
  target: number[] | null;
  group?: number[];
  /** vae: the [offset, width] of each softmax block of `recon` (categorical columns). */
  blocks?: [number, number][];
  expected: { value: number; grad: Nested[] | Record<string, Nested[]> };
  tolerance: Tolerance;
}

type Result = { value: number; grad: Record<string, Float64Array> };
const arr = (x: Nested[] | null | undefined) => flatten(x ?? []);
const named = (c: TaskLossCase, name: string) => arr((c.input as Record<string, Nested[]>)[name]);
const like = (x: Float64Array) => new Float64Array(x.length).fill(Number.NaN);

function ranking(c: TaskLossCase, loss: 'ranknet' | 'listnet'): Result {
  const scores = arr(c.input as Nested[]);
  const batch = { scores, relevance: arr(c.target), group: arr(c.group) };
  const grad = like(scores);
  const value = loss === 'ranknet' ? ranknetLoss(batch, c.params.sigma, grad) : listnetLoss(batch, grad);
  return { value, grad: { '': grad } };
}

const TASK_LOSSES: Record<string, (c: TaskLossCase) => Result> = {
  margin_ranking(c) {
    const [x1, x2] = [named(c, 'x1'), named(c, 'x2')];
    const grad = { x1: like(x1), x2: like(x2) };
    return { value: marginRankingLoss(x1, x2, arr(c.target), c.params.margin, grad), grad };
  },
  ranknet: (c) => ranking(c, 'ranknet'),
  listnet: (c) => ranking(c, 'listnet'),
  info_nce(c) {
    const rows = (c.input as Record<string, number[][]>).z1;
    const [z1, z2] = [named(c, 'z1'), named(c, 'z2')];
    const grad = { z1: like(z1), z2: like(z2) };
    return { value: infoNceLoss(z1, z2, rows.length, rows[0].length, c.params.temperature, grad), grad };
  },
  uncertainty_weighting(c) {
    const [losses, logVars] = [named(c, 'losses'), named(c, 'log_vars')];
    const grad = { losses: like(losses), log_vars: like(logVars) };
    return { value: uncertaintyWeighting(losses, logVars, { losses: grad.losses, logVars: grad.log_vars }), grad };
  },
  vae(c) {
    const input = { recon: named(c, 'recon'), mu: named(c, 'mu'), logvar: named(c, 'logvar') };
    const grad = { recon: like(input.recon), mu: like(input.mu), logvar: like(input.logvar) };
    const rows = (c.input as Record<string, number[][]>).recon.length;
    const blocks = (c.blocks ?? []).map(([offset, width]) => ({ offset, width }));
    return { value: vaeLoss(input, arr(c.target), rows, c.params.beta, blocks, grad), grad };
  },
};

export function isTaskLoss(name: string): boolean {
  return Object.hasOwn(TASK_LOSSES, name);
}

export function runTaskLossCase(c: TaskLossCase): CaseResult {
  return guarded(c.name, () => {
    const want = c.expected.grad;
    // An array gradient is the scores'; an object one names each input.
    const grad = Array.isArray(want) ? { '': want } : want;
    return compareLoss(TASK_LOSSES[c.name](c), { value: c.expected.value, grad }, c.tolerance);
  });
}
