import { num } from '../params';
import { betas, betasParam, lrParam, weightDecayParam } from './paramSpecs';
import type { OptimizerSpec } from './types';

/**
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2):
 *
 *     θ ← θ(1 − γλ)
 *     θ ← θ − γ·sign(β₁m + (1 − β₁)g)        (sign(0) = 0)
 *     m ← β₂m + (1 − β₂)g
 *
 * Not in PyTorch itself; this follows the paper and the reference implementation (lion-pytorch).
 * Every coordinate moves by exactly γ, so γ is usually 3–10× smaller than Adam's.
 */
export const lion: OptimizerSpec = {
  id: 'lion',
  title: 'Lion',
  description: 'Sign of an interpolated momentum: every parameter moves by the same amount; cheap and memory-light.',
  params: [
    lrParam(1e-4),
    betasParam([0.9, 0.99], 'β₁ interpolates the step direction, β₂ is the momentum decay.'),
    weightDecayParam(0, true),
  ],
  create(size, p) {
    const [beta1, beta2] = betas(p);
    const weightDecay = num(p, 'weight_decay');
    const state = { exp_avg: new Float64Array(size) };
    const m = state.exp_avg;
    return {
      state,
      step(params, grads, lr) {
        for (let i = 0; i < size; i++) {
          const g = grads[i];
          params[i] *= 1 - lr * weightDecay;
          params[i] -= lr * Math.sign(beta1 * m[i] + (1 - beta1) * g);
          m[i] = beta2 * m[i] + (1 - beta2) * g;
        }
      },
    };
  },
};
