import { num } from '../params';
import { epsParam, lrParam, weightDecayParam } from './paramSpecs';
import type { OptimizerSpec } from './types';

/**
 * AdaGrad (Duchi et al. 2011), as `torch.optim.Adagrad`. At step t (from 1), with decay η:
 *
 *     g ← g + λθ
 *     γ̃ ← γ / (1 + (t − 1)η)
 *     s ← s + g²                   (s starts at initial_accumulator_value)
 *     θ ← θ − γ̃ g / (√s + ε)
 */
export const adagrad: OptimizerSpec = {
  id: 'adagrad',
  title: 'AdaGrad',
  description: 'Per-parameter rates that shrink for frequent features, from the running sum of squared gradients.',
  params: [
    lrParam(0.01),
    { name: 'lr_decay', type: 'number', default: 0, min: 0, doc: 'The rate at step t is lr / (1 + (t − 1) lr_decay).' },
    weightDecayParam(0),
    {
      name: 'initial_accumulator_value',
      type: 'number',
      default: 0,
      min: 0,
      doc: 'Starting value of the sum of squared gradients.',
    },
    epsParam(1e-10),
  ],
  create(size, p) {
    const lrDecay = num(p, 'lr_decay');
    const weightDecay = num(p, 'weight_decay');
    const eps = num(p, 'eps');
    const state = { sum: new Float64Array(size).fill(num(p, 'initial_accumulator_value')), step: 0 };
    const { sum } = state;
    return {
      state,
      step(params, grads, lr) {
        const t = ++state.step;
        const clr = lr / (1 + (t - 1) * lrDecay);
        for (let i = 0; i < size; i++) {
          const g = weightDecay !== 0 ? grads[i] + weightDecay * params[i] : grads[i];
          sum[i] += g * g;
          params[i] -= (clr * g) / (Math.sqrt(sum[i]) + eps);
        }
      },
    };
  },
};
