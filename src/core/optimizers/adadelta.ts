import { num } from '../params';
import { epsParam, lrParam, weightDecayParam } from './paramSpecs';
import type { OptimizerSpec } from './types';

/**
 * Adadelta (Zeiler 2012), as `torch.optim.Adadelta`. With decay ρ:
 *
 *     g ← g + λθ
 *     v ← ρv + (1 − ρ)g²
 *     Δ ← √(u + ε) / √(v + ε) · g
 *     u ← ρu + (1 − ρ)Δ²
 *     θ ← θ − γΔ
 *
 * The paper has no γ (it is 1); PyTorch keeps one to scale the step, default 1.0.
 */
export const adadelta: OptimizerSpec = {
  id: 'adadelta',
  title: 'Adadelta',
  description: 'Step sizes in the units of the parameters, from running averages of squared steps and gradients.',
  params: [
    lrParam(1.0, 'The paper has none (1.0).'),
    {
      name: 'rho',
      type: 'number',
      default: 0.9,
      min: 0,
      max: 1,
      doc: 'Decay of the running averages of squared gradients and steps.',
    },
    epsParam(1e-6, 'Added inside both square roots; also sets the size of the first steps.'),
    weightDecayParam(0),
  ],
  create(size, p) {
    const rho = num(p, 'rho');
    const eps = num(p, 'eps');
    const weightDecay = num(p, 'weight_decay');
    const state = { square_avg: new Float64Array(size), acc_delta: new Float64Array(size) };
    const { square_avg: squareAvg, acc_delta: accDelta } = state;
    return {
      state,
      step(params, grads, lr) {
        for (let i = 0; i < size; i++) {
          const g = weightDecay !== 0 ? grads[i] + weightDecay * params[i] : grads[i];
          squareAvg[i] = rho * squareAvg[i] + (1 - rho) * g * g;
          const delta = (Math.sqrt(accDelta[i] + eps) / Math.sqrt(squareAvg[i] + eps)) * g;
          accDelta[i] = rho * accDelta[i] + (1 - rho) * delta * delta;
          params[i] -= lr * delta;
        }
      },
    };
  },
};
