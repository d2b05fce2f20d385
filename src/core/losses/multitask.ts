/**
 * Combining the losses of several tasks trained together. The input is the tasks' losses and learned
 * log-variances, not predictions against a target, so this is outside the supervised registry: the
 * trainer uses it once multitask training lands.
 */
import { LossLabError } from '../errors';

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
