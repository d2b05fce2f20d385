import { LossLabError } from '../errors';
import { num } from '../params';
import { flag, lrParam, weightDecayParam } from './paramSpecs';
import type { OptimizerSpec } from './types';

/**
 * Stochastic gradient descent with optional momentum, as `torch.optim.SGD` (`_single_tensor_sgd`).
 * With rate γ, momentum μ, dampening τ and weight decay λ:
 *
 *     g ← g + λθ
 *     b ← g                    on the first step
 *     b ← μb + (1 − τ)g        afterwards
 *     g ← g + μb  (Nesterov)   or   g ← b
 *     θ ← θ − γg
 *
 * Like PyTorch, the velocity is kept in gradient units and γ applied outside it; Sutskever et al. write
 * v ← μv + γg, θ ← θ − v instead. The two agree while γ is fixed and differ when a schedule changes it.
 * PyTorch has no default learning rate; 0.01 is used here.
 */
export const sgd: OptimizerSpec = {
  id: 'sgd',
  title: 'SGD',
  description:
    'The plain gradient step; with momentum it accelerates along consistent directions and damps oscillation.',
  params: [
    lrParam(0.01, 'PyTorch has no default; 0.01 here.'),
    { name: 'momentum', type: 'number', default: 0, min: 0, doc: 'Momentum factor μ; 0 is plain SGD, 0.9 is usual.' },
    {
      name: 'dampening',
      type: 'number',
      default: 0,
      min: 0,
      max: 1,
      doc: 'Scales the new gradient by 1 − dampening in the momentum buffer.',
    },
    weightDecayParam(0),
    {
      name: 'nesterov',
      type: 'boolean',
      default: false,
      doc: 'Nesterov momentum: step along g + μb (needs momentum > 0 and dampening 0).',
    },
  ],
  create(size, p) {
    const momentum = num(p, 'momentum');
    const dampening = num(p, 'dampening');
    const weightDecay = num(p, 'weight_decay');
    const nesterov = flag(p, 'nesterov');
    if (nesterov && (momentum <= 0 || dampening !== 0))
      throw new LossLabError(
        `nesterov requires momentum > 0 and dampening 0, got momentum ${momentum} and dampening ${dampening}; set momentum (e.g. 0.9) or nesterov false`,
        { field: 'nesterov' },
      );
    const state = { momentum_buffer: new Float64Array(momentum !== 0 ? size : 0), first: true };
    const buf = state.momentum_buffer;
    return {
      state,
      step(params, grads, lr) {
        const first = state.first;
        for (let i = 0; i < size; i++) {
          let d = weightDecay !== 0 ? grads[i] + weightDecay * params[i] : grads[i];
          if (momentum !== 0) {
            buf[i] = first ? d : momentum * buf[i] + (1 - dampening) * d;
            d = nesterov ? d + momentum * buf[i] : buf[i];
          }
          params[i] -= lr * d;
        }
        state.first = false;
      },
    };
  },
};
