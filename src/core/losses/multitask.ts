/**
 * Combining the losses of several tasks trained together: the registry's declaration of the multitask
 * loss (its parameters; ../trainer/multitaskObjective.ts binds it to a dataset's heads) and the
 * uncertainty weighting over the heads' losses and learned log-variances.
 */
import { LossLabError } from '../errors';
import type { LossSpec } from './types';

/**
 * Homoscedastic uncertainty weighting (Kendall, Gal & Cipolla 2018, as LibMTL's UW):
 *
 *     total = Σ_k [ L_k / (2 exp(s_k)) + s_k / 2 ],   s_k = log σ_k² learned with the model
 *
 * A sum over the K tasks, not a mean. When `grads` is given, overwrites grads.losses (d total / d L_k)
 * and grads.logVars (d total / d s_k).
 */
export function uncertaintyWeighting(
  losses: Float64Array,
  logVars: Float64Array,
  grads: { losses: Float64Array; logVars: Float64Array } | null,
): number {
  if (logVars.length !== losses.length)
    throw new LossLabError(
      `uncertainty weighting needs one log-variance per task: ${losses.length} losses, ${logVars.length} log-variances`,
    );
  let total = 0;
  for (let k = 0; k < losses.length; k++) {
    const weighted = losses[k] / (2 * Math.exp(logVars[k]));
    total += weighted + logVars[k] / 2;
    if (grads) {
      grads.losses[k] = 1 / (2 * Math.exp(logVars[k]));
      grads.logVars[k] = 0.5 - weighted;
    }
  }
  return total;
}

export const WEIGHTINGS = ['fixed', 'uncertainty', 'dwa', 'gradnorm'] as const;
export type Weighting = (typeof WEIGHTINGS)[number];

const unbound = (): never => {
  throw new Error('the multitask loss is bound to its heads by planRun');
};

export const multitask: LossSpec = {
  id: 'multitask',
  title: 'Multi-task',
  description: 'One loss per target head on a shared network, balanced so that no task dominates.',
  tasks: ['multitask'],
  arity: 1,
  params: [
    {
      name: 'losses',
      type: 'string',
      default: '',
      doc: "Each head's loss in target order, comma-separated (mse,bce); empty: mse, bce and cross_entropy by the head's task.",
    },
    { name: 'weighting', type: 'string', default: 'fixed', choices: WEIGHTINGS, doc: 'How the heads’ losses combine.' },
    { name: 'weights', type: 'numbers', default: null, min: 0, doc: 'fixed: one weight per head (default: all 1).' },
    {
      name: 'temperature',
      type: 'number',
      default: 2,
      min: 0,
      minExclusive: true,
      doc: 'dwa: the softmax temperature T over the loss ratios.',
    },
    {
      name: 'alpha',
      type: 'number',
      default: 1.5,
      min: 0,
      doc: 'gradnorm: how strongly a task that trains slower than the others gets a larger gradient.',
    },
  ],
  outputSize: unbound,
  compute: unbound,
};
