import { num } from '../params';
import { epsParam, flag, lrParam, weightDecayParam } from './paramSpecs';
import type { OptimizerSpec } from './types';

/**
 * RMSProp (Hinton's lecture 6e), as `torch.optim.RMSprop`. With smoothing α and momentum μ:
 *
 *     g ← g + λθ
 *     v ← αv + (1 − α)g²
 *     ḡ ← αḡ + (1 − α)g;  d ← √(v − ḡ²) + ε     (centered)
 *                         d ← √v + ε            (otherwise)
 *     b ← μb + g/d;  θ ← θ − γb                  (μ > 0)
 *     θ ← θ − γ g/d                              (μ = 0)
 *
 * As in PyTorch, ε is added outside the square root (TensorFlow adds it inside).
 */
export const rmsprop: OptimizerSpec = {
  id: 'rmsprop',
  title: 'RMSProp',
  description: "AdaGrad with a moving average of squared gradients, so the rates don't vanish.",
  params: [
    lrParam(0.01),
    {
      name: 'alpha',
      type: 'number',
      default: 0.99,
      min: 0,
      max: 1,
      doc: 'Smoothing constant of the squared-gradient average.',
    },
    epsParam(1e-8),
    weightDecayParam(0),
    { name: 'momentum', type: 'number', default: 0, min: 0, doc: 'Momentum factor applied to the normalized step.' },
    {
      name: 'centered',
      type: 'boolean',
      default: false,
      doc: 'Normalize by the estimated variance (subtract the squared mean gradient).',
    },
  ],
  create(size, p) {
    const alpha = num(p, 'alpha');
    const eps = num(p, 'eps');
    const weightDecay = num(p, 'weight_decay');
    const momentum = num(p, 'momentum');
    const centered = flag(p, 'centered');
    const state = {
      square_avg: new Float64Array(size),
      grad_avg: new Float64Array(centered ? size : 0),
      momentum_buffer: new Float64Array(momentum > 0 ? size : 0),
    };
    const { square_avg: squareAvg, grad_avg: gradAvg, momentum_buffer: buf } = state;
    return {
      state,
      step(params, grads, lr) {
        for (let i = 0; i < size; i++) {
          const g = weightDecay !== 0 ? grads[i] + weightDecay * params[i] : grads[i];
          squareAvg[i] = alpha * squareAvg[i] + (1 - alpha) * g * g;
          let avg: number;
          if (centered) {
            gradAvg[i] = alpha * gradAvg[i] + (1 - alpha) * g;
            avg = Math.sqrt(squareAvg[i] - gradAvg[i] * gradAvg[i]) + eps;
          } else {
            avg = Math.sqrt(squareAvg[i]) + eps;
          }
          if (momentum > 0) {
            buf[i] = momentum * buf[i] + g / avg;
            params[i] -= lr * buf[i];
          } else {
            params[i] -= (lr * g) / avg;
          }
        }
      },
    };
  },
};
