/**
 * A trained model's data loss on a split, in evaluation mode, as the trainer scores its validation split
 * (chunks of EVAL_CHUNK rows, each chunk's mean weighted by its rows), so that the numbers agree with the
 * run's own. Rows are scored one at a time through the loss (no pairs, no groups): the probes that use it
 * refuse pair, triplet and ranking losses up front (`checkProbeable`).
 */
import type { Dataset } from '../dataset';
import { LossLabError, quote } from '../errors';
import type { LossSpec } from '../losses/types';
import type { Mlp } from '../model/mlp';
import type { Params } from '../params';
import { Batches } from '../trainer/batches';
import { EVAL_CHUNK } from '../trainer/evaluation';

/** What scoring a model on rows needs: the model, its loss and the data. */
export interface Scorer {
  model: Mlp;
  loss: LossSpec;
  lossParams: Params;
  data: Dataset;
}

/**
 * Whether a loss's value is a mean over rows taken one by one through one network (not pairs, triplets or
 * ranking groups, nor a generate run's networks and noise).
 */
export function scoresRowwise(loss: LossSpec, data: Dataset): boolean {
  return loss.arity === 1 && !data.group && data.task !== 'generate';
}

/** Refuses losses whose value is not a mean over rows taken one by one. */
export function checkProbeable(scorer: Scorer, what: string): void {
  const { loss, data } = scorer;
  if (!scoresRowwise(loss, data)) {
    const scores =
      data.task === 'generate'
        ? 'generated rows against real ones'
        : data.group
          ? 'groups of rows'
          : 'pairs or triplets of rows';
    throw new LossLabError(
      `${what} scores rows one at a time, and the ${quote(loss.id)} loss scores ${scores}; use a run with a row-wise loss`,
      { field: 'loss.name' },
    );
  }
}

/** The mean loss over `rows` (indices into the dataset); NaN for no rows. */
export function splitLoss(scorer: Scorer, rows: Int32Array, batches = new Batches(scorer.data, 1, EVAL_CHUNK)): number {
  const { model, loss, lossParams } = scorer;
  const n = rows.length;
  if (n === 0) return NaN;
  const k = model.outputSize;
  const taskParams = model.taskParams.length ? model.taskParams : undefined;
  let total = 0;
  for (let from = 0; from < n; from += EVAL_CHUNK) {
    const count = Math.min(EVAL_CHUNK, n - from);
    batches.fill(rows, from, count, null);
    const out = model.forward(batches.inputs(count), count);
    const value = loss.compute(
      { outputs: [out], target: batches.targets(count), n: count, k, taskParams },
      lossParams,
      null,
    );
    total += value * count;
  }
  return total / n;
}
