import { num } from '../params';
import { ADAM_BETAS_DOC, betas, betasParam, epsParam, lrParam, weightDecayParam } from './paramSpecs';
import type { OptimizerSpec } from './types';

/**
 * NAdam (Dozat 2016), as `torch.optim.NAdam` since PyTorch 2.0. At step t (from 1), with momentum
 * decay ψ:
 *
 *     g ← g + λθ
 *     μₜ ← β₁(1 − ½·0.96^(tψ)),  μₜ₊₁ ← β₁(1 − ½·0.96^((t+1)ψ))
 *     Πₜ ← Πₜ₋₁ μₜ               (Π₀ = 1)
 *     m ← β₁m + (1 − β₁)g
 *     v ← β₂v + (1 − β₂)g²
 *     d ← √(v / (1 − β₂ᵗ)) + ε
 *     θ ← θ − γ(1 − μₜ)/(1 − Πₜ) · g/d − γμₜ₊₁/(1 − Πₜμₜ₊₁) · m/d
 *
 * PyTorch 1.13 multiplied one μₜ too many into the last denominator (Πₜμₜμₜ₊₁); 2.0 fixed it and this
 * follows the fix.
 */
export const nadam: OptimizerSpec = {
  id: 'nadam',
  title: 'NAdam',
  description: 'Adam with Nesterov momentum: the step looks ahead along the momentum.',
  params: [
    lrParam(2e-3),
    betasParam([0.9, 0.999], ADAM_BETAS_DOC),
    epsParam(1e-8),
    weightDecayParam(0),
    {
      name: 'momentum_decay',
      type: 'number',
      default: 4e-3,
      min: 0,
      doc: 'ψ in the momentum warm-up μₜ = β₁(1 − ½·0.96^(tψ)).',
    },
  ],
  create(size, p) {
    const [beta1, beta2] = betas(p);
    const eps = num(p, 'eps');
    const weightDecay = num(p, 'weight_decay');
    const momentumDecay = num(p, 'momentum_decay');
    const state = { exp_avg: new Float64Array(size), exp_avg_sq: new Float64Array(size), step: 0, mu_product: 1 };
    const { exp_avg: m, exp_avg_sq: v } = state;
    return {
      state,
      step(params, grads, lr) {
        const t = ++state.step;
        const bc2 = 1 - beta2 ** t;
        const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
        const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
        const muProduct = (state.mu_product *= mu);
        const gradStep = (lr * (1 - mu)) / (1 - muProduct);
        const momentumStep = (lr * muNext) / (1 - muProduct * muNext);
        for (let i = 0; i < size; i++) {
          const g = weightDecay !== 0 ? grads[i] + weightDecay * params[i] : grads[i];
          m[i] = beta1 * m[i] + (1 - beta1) * g;
          v[i] = beta2 * v[i] + (1 - beta2) * g * g;
          const denom = Math.sqrt(v[i] / bc2) + eps;
          params[i] -= (gradStep * g) / denom;
          params[i] -= (momentumStep * m[i]) / denom;
        }
      },
    };
  },
};
