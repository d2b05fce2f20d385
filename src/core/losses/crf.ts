/**
 * The sequence task's CRF loss: the registry's declaration, and its binding to a dataset's tags, which
 * fixes the size of the CRF's own parameters (transitions, start and end scores, trained with the model).
 */
import { Rng } from '../rng';
import { crfLayout, crfNll } from '../sequence/crf';
import { sequenceLengths } from '../sequence/lengths';
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
