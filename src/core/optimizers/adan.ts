import { num } from '../params';
import { globalNorm } from './clip';
import { betasParam, epsParam, flag, lrParam } from './paramSpecs';
import type { OptimizerSpec } from './types';

/**
 * Adan (Xie et al. 2022, "Adan: Adaptive Nesterov Momentum Algorithm"), as the official implementation
 * (sail-sg/Adan `adan.py`, `_single_tensor_adan`). Not in PyTorch. At step k (from 1), with the
 * gradient first scaled by c = min(1, max_grad_norm / (‖g‖ + ε)) when max_grad_norm > 0:
 *
 *     d ← g − g_prev                     (0 at k = 1)
 *     m ← β₁m + (1 − β₁)g
 *     δ ← β₂δ + (1 − β₂)d
 *     n ← β₃n + (1 − β₃)(g + β₂d)²
 *     u ← (m / (1 − β₁ᵏ) + β₂δ / (1 − β₂ᵏ)) / (√n / √(1 − β₃ᵏ) + ε)
 *     no_prox:  θ ← θ(1 − γλ) − γu
 *     else:     θ ← (θ − γu) / (1 + γλ)   (the proximal form of the decay)
 *     g_prev ← g
 *
 * The betas are the moving-average factors (the code's convention, not the paper's 1 − β).
 */
export const adan: OptimizerSpec = {
  id: 'adan',
  title: 'Adan',
  description:
    'Nesterov-style momentum from the gradient difference, with Adam-like scaling; tolerates large rates and batches.',
  params: [
    lrParam(1e-3),
    betasParam(
      [0.98, 0.92, 0.99],
      'Decay rates of the running averages of the gradient, of its change between steps, and of the squared Nesterov gradient.',
    ),
    epsParam(1e-8),
    {
      name: 'weight_decay',
      type: 'number',
      default: 0,
      min: 0,
      doc: 'Decoupled weight decay, applied as a proximal step (θ / (1 + lr × weight_decay)) or, with no_prox, as AdamW does.',
    },
    {
      name: 'no_prox',
      type: 'boolean',
      default: false,
      doc: 'Decay as AdamW (θ(1 − lr × weight_decay) before the step) instead of the proximal division after it.',
    },
    {
      name: 'max_grad_norm',
      type: 'number',
      default: 0,
      min: 0,
      doc: "Scale the whole gradient down to this norm first (ε added to the norm); 0: don't clip.",
    },
  ],
  create(size, p) {
    const [beta1, beta2, beta3] = p.betas as number[];
    const eps = num(p, 'eps');
    const weightDecay = num(p, 'weight_decay');
    const noProx = flag(p, 'no_prox');
    const maxGradNorm = num(p, 'max_grad_norm');
    const state = {
      exp_avg: new Float64Array(size),
      exp_avg_diff: new Float64Array(size),
      exp_avg_sq: new Float64Array(size),
      pre_grad: new Float64Array(size),
      step: 0,
    };
    const { exp_avg: m, exp_avg_diff: diffAvg, exp_avg_sq: n, pre_grad: prev } = state;
    return {
      state,
      step(params, grads, lr) {
        const k = ++state.step;
        const c = maxGradNorm > 0 ? Math.min(1, maxGradNorm / (globalNorm(grads) + eps)) : 1;
        const bc1 = 1 - beta1 ** k;
        const bc2 = 1 - beta2 ** k;
        const bc3Sqrt = Math.sqrt(1 - beta3 ** k);
        for (let i = 0; i < size; i++) {
          const g = c * grads[i];
          const d = k === 1 ? 0 : g - prev[i];
          const nesterov = g + beta2 * d;
          m[i] = beta1 * m[i] + (1 - beta1) * g;
          diffAvg[i] = beta2 * diffAvg[i] + (1 - beta2) * d;
          n[i] = beta3 * n[i] + (1 - beta3) * nesterov * nesterov;
          const update = (m[i] / bc1 + (beta2 * diffAvg[i]) / bc2) / (Math.sqrt(n[i]) / bc3Sqrt + eps);
          if (noProx) params[i] = params[i] * (1 - lr * weightDecay) - lr * update;
          else params[i] = (params[i] - lr * update) / (1 + lr * weightDecay);
          prev[i] = g;
        }
      },
    };
  },
};
