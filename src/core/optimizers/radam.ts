import { num } from '../params';
import { ADAM_BETAS_DOC, betas, betasParam, epsParam, lrParam, weightDecayParam } from './paramSpecs';
import type { OptimizerSpec } from './types';

/**
 * RAdam (Liu et al. 2020), as `torch.optim.RAdam`. At step t (from 1):
 *
 *     g ← g + λθ
 *     m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²
 *     m̂ ← m / (1 − β₁ᵗ)
 *     ρ∞ ← 2/(1 − β₂) − 1;   ρₜ ← ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)
 *     ρₜ > 5:  r ← √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
 *              θ ← θ − γ m̂ · √(1 − β₂ᵗ)/(√v + ε) · r
 *     else:    θ ← θ − γ m̂                 (variance not yet tractable: plain momentum step)
 */
export const radam: OptimizerSpec = {
  id: 'radam',
  title: 'RAdam',
  description: "Adam with the early steps' variance rectified, a built-in warmup.",
  params: [lrParam(1e-3), betasParam([0.9, 0.999], ADAM_BETAS_DOC), epsParam(1e-8), weightDecayParam(0)],
  create(size, p) {
    const [beta1, beta2] = betas(p);
    const eps = num(p, 'eps');
    const weightDecay = num(p, 'weight_decay');
    const rhoInf = 2 / (1 - beta2) - 1;
    const state = { exp_avg: new Float64Array(size), exp_avg_sq: new Float64Array(size), step: 0 };
    const { exp_avg: m, exp_avg_sq: v } = state;
    return {
      state,
      step(params, grads, lr) {
        const t = ++state.step;
        const bc1 = 1 - beta1 ** t;
        const bc2 = 1 - beta2 ** t;
        const rho = rhoInf - (2 * t * beta2 ** t) / bc2;
        const rect = rho > 5 ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
        for (let i = 0; i < size; i++) {
          const g = weightDecay !== 0 ? grads[i] + weightDecay * params[i] : grads[i];
          m[i] = beta1 * m[i] + (1 - beta1) * g;
          v[i] = beta2 * v[i] + (1 - beta2) * g * g;
          const mHat = m[i] / bc1;
          if (rho > 5) params[i] -= mHat * lr * (Math.sqrt(bc2) / (Math.sqrt(v[i]) + eps)) * rect;
          else params[i] -= mHat * lr;
        }
      },
    };
  },
};
