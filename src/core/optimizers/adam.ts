import { num, type Params } from '../params';
import { ADAM_BETAS_DOC, betas, betasParam, epsParam, flag, lrParam, weightDecayParam } from './paramSpecs';
import type { Optimizer, OptimizerSpec } from './types';

/**
 * Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019), as `torch.optim.Adam` / `AdamW`
 * (`_single_tensor_adam`). At step t (from 1):
 *
 *     θ ← θ(1 − γλ)                   (AdamW: decoupled decay)
 *     g ← g + λθ                      (Adam: L2 added to the gradient)
 *     m ← β₁m + (1 − β₁)g
 *     v ← β₂v + (1 − β₂)g²
 *     v̂ ← max(v̂, v)  (amsgrad)   or   v̂ ← v
 *     θ ← θ − (γ / (1 − β₁ᵗ)) m / (√v̂ / √(1 − β₂ᵗ) + ε)
 *
 * ε is added after the second-moment bias correction, as in PyTorch (the paper's ε̂ placement).
 * AdamW is Adam with the decay moved out of the gradient, so both share this one update.
 */
function createAdam(size: number, p: Params, decoupled: boolean): Optimizer {
  const [beta1, beta2] = betas(p);
  const eps = num(p, 'eps');
  const weightDecay = num(p, 'weight_decay');
  const amsgrad = flag(p, 'amsgrad');
  const state = {
    exp_avg: new Float64Array(size),
    exp_avg_sq: new Float64Array(size),
    max_exp_avg_sq: new Float64Array(amsgrad ? size : 0),
    step: 0,
  };
  const { exp_avg: m, exp_avg_sq: v, max_exp_avg_sq: vMax } = state;
  return {
    state,
    step(params, grads, lr) {
      const t = ++state.step;
      const stepSize = lr / (1 - beta1 ** t);
      const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
      for (let i = 0; i < size; i++) {
        if (decoupled) params[i] *= 1 - lr * weightDecay;
        const g = !decoupled && weightDecay !== 0 ? grads[i] + weightDecay * params[i] : grads[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        let second = v[i];
        if (amsgrad) second = vMax[i] = Math.max(vMax[i], v[i]);
        params[i] -= (stepSize * m[i]) / (Math.sqrt(second) / bc2Sqrt + eps);
      }
    },
  };
}

const adamParams = (weightDecay: number, decoupled: boolean) => [
  lrParam(1e-3),
  betasParam([0.9, 0.999], ADAM_BETAS_DOC),
  epsParam(1e-8),
  weightDecayParam(weightDecay, decoupled),
  {
    name: 'amsgrad',
    type: 'boolean' as const,
    default: false,
    doc: 'Use the running maximum of the second moment (AMSGrad, Reddi et al. 2018).',
  },
];

export const adam: OptimizerSpec = {
  id: 'adam',
  title: 'Adam',
  description: 'Momentum plus RMSProp scaling, with bias correction; the usual default.',
  params: adamParams(0, false),
  create: (size, p) => createAdam(size, p, false),
};

export const adamw: OptimizerSpec = {
  id: 'adamw',
  title: 'AdamW',
  description: "Adam with decoupled weight decay, so the decay isn't rescaled by the adaptive rates.",
  params: adamParams(0.01, true),
  create: (size, p) => createAdam(size, p, true),
};
