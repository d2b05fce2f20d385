/**
 * The sequence task's CRF loss: the registry's declaration, and its binding to a dataset's tags, which
 * fixes the size of the CRF's own parameters (transitions, start and end scores, trained with the model).
 */
import { Rng } from '../rng';
import { crfLayout, crfNll } from '../sequence/crf';
import { sized } from './sizes';
import type { LossBatch, LossSpec } from './types';

const unbound = (): never => {
  throw new Error('the crf loss is bound to its tags by planRun');
};

export const crf: LossSpec = {
  id: 'crf',
  title: 'Linear-chain CRF',
  description:
    'Sequence labelling: the negative log-likelihood of the whole tag sequence, with learned scores for each tag following another.',
  ...sized('crf', { sequence: 'classes' }),
  arity: 1,
  params: [],
  compute: unbound,
};

/**
 * The lengths of a batch's sequences: the runs of equal id in `group`, whose rows are whole and in order
 * (`GroupBatches`, the evaluation's contiguous sequences).
 */
export function sequenceLengths(group: ArrayLike<number>): number[] {
  const lengths: number[] = [];
  for (let i = 0; i < group.length; i++)
    if (i > 0 && group[i] === group[i - 1]) lengths[lengths.length - 1]++;
    else lengths.push(1);
  return lengths;
}

function compute(batch: LossBatch, c: number, grads: Float64Array[] | null): number {
  if (!batch.group || !batch.taskParams)
    throw new Error('the crf loss needs the batch’s sequence ids and its parameters');
  const lengths = sequenceLengths(batch.group);
  const g = grads
    ? { emissions: grads[0], params: batch.taskGrads ?? new Float64Array(batch.taskParams.length) }
    : null;
  return crfNll(batch.outputs[0], batch.target, lengths, c, batch.taskParams, g);
}

/** The seed of the stream a CRF's initial parameters are drawn from, for the run's seed. */
export function crfSeed(seed: number): number {
  return (seed ^ 0xc2f) >>> 0;
}

/**
 * The CRF for `classes` tags. Its parameters start uniform in (−0.1, 0.1), as pytorch-crf's
 * `reset_parameters`, drawn from their own stream of the run's seed.
 */
export function crfLoss(classes: number, seed: number): LossSpec {
  const size = crfLayout(classes).size;
  return {
    ...crf,
    taskParamCount: size,
    initialTaskParams() {
      const rng = new Rng(crfSeed(seed));
      return Array.from({ length: size }, () => 0.2 * rng.uniform() - 0.1);
    },
    compute: (batch, _p, grads) => compute(batch, classes, grads),
  };
}
