/** The loss registry: ids as used in configs, the CLI and the fidelity fixtures. */
import { findById } from '../errors';
import { formulaParts } from '../formula/config';
import { FORMULA_LOSS_ID, formulaLoss } from '../formula/loss';
import type { ParamValue } from '../params';
import type { Task } from '../tasks';
import { CLASSIFICATION_LOSSES } from './classification';
import { crf } from './crf';
import { klDiv } from './divergence';
import { EMBEDDING_LOSSES } from './embedding';
import { focal } from './focal';
import { GAN_OBJECTIVES } from './gan';
import { MARGIN_LOSSES } from './margin';
import { OVERLAP_LOSSES } from './overlap';
import { multitask } from './multitask';
import { RANKING_LOSSES } from './rankingLosses';
import { REGRESSION_LOSSES } from './regression';
import type { LossSpec } from './types';
import { vae } from './vae';

export type { LossBatch, LossSpec } from './types';
export { FORMULA_LOSS_ID, formulaLoss };

export const LOSSES: readonly LossSpec[] = [
  ...REGRESSION_LOSSES,
  ...CLASSIFICATION_LOSSES,
  focal,
  ...MARGIN_LOSSES,
  ...OVERLAP_LOSSES,
  klDiv,
  ...EMBEDDING_LOSSES,
  ...RANKING_LOSSES,
  multitask,
  crf,
  vae,
  ...GAN_OBJECTIVES,
];

const BY_ID = new Map(LOSSES.map((l) => [l.id, l]));

/** The loss called `id`; an unknown id is a user error that suggests the nearest ones. */
export function getLoss(id: string): LossSpec {
  return BY_ID.get(id) ?? findById('loss', LOSSES, id, 'loss');
}

/** The losses that fit `task`, in registry order. */
export function lossesForTask(task: Task): LossSpec[] {
  return LOSSES.filter((l) => l.tasks.includes(task));
}

/**
 * The loss a resolved config names: a registered one, or for `{"name": "formula", "formula": ...}` the
 * compiled formula (checked against finite differences for `task`'s targets).
 */
export function lossForConfig(
  loss: Readonly<Record<string, ParamValue | null>> & { name: string },
  task?: Task,
): LossSpec {
  if (loss.name !== FORMULA_LOSS_ID) return getLoss(loss.name);
  const { text, params } = formulaParts(loss);
  return formulaLoss(text, params, task);
}
