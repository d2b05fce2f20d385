import { num } from '../params';
import { betas, betasParam, epsParam, lrParam, weightDecayParam } from './paramSpecs';
import type { OptimizerSpec } from './types';

/**
 * Adamax (Kingma & Ba 2015, §7.1), as `torch.optim.Adamax`. At step t (from 1):
 *
 *     g ← g + λθ
 *     m ← β₁m + (1 − β₁)g
 *     u ← max(β₂u, |g| + ε)
 *     θ ← θ − (γ / (1 − β₁ᵗ)) m / u
 *
 * PyTorch adds ε inside the max (to |g|) rather than to the denominator.
 */
export const adamax: OptimizerSpec = {
  id: 'adamax',
  title: 'Adamax',
  description: 'Adam with the infinity norm: scales by the largest recent gradient instead of the RMS.',
  params: [
    lrParam(2e-3),
    betasParam([0.9, 0.999], 'Decay rates of the gradient average and of the infinity-norm running maximum.'),
    epsParam(1e-8),
    weightDecayParam(0),
  ],
  create(size, p) {
    const [beta1, beta2] = betas(p);
    const eps = num(p, 'eps');
    const weightDecay = num(p, 'weight_decay');
    const state = { exp_avg: new Float64Array(size), exp_inf: new Float64Array(size), step: 0 };
    const { exp_avg: m, exp_inf: u } = state;
    return {
      state,
      step(params, grads, lr) {
        const t = ++state.step;
        const clr = lr / (1 - beta1 ** t);
        for (let i = 0; i < size; i++) {
          const g = weightDecay !== 0 ? grads[i] + weightDecay * params[i] : grads[i];
          m[i] = beta1 * m[i] + (1 - beta1) * g;
          u[i] = Math.max(beta2 * u[i], Math.abs(g) + eps);
          params[i] -= (clr * m[i]) / u[i];
        }
      },
    };
  },
};
