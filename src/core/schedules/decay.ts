/**
 * Monotone decays in closed form, `lr(t)` for the 0-based optimizer step t with base rate η:
 * the `torch.optim.lr_scheduler` classes stepped once per optimizer step (`last_epoch` = t).
 */
import { LossLabError } from '../errors';
import { num } from '../params';
import { gammaParam, numOr, runLengthParam, steps } from './paramSpecs';
import type { ScheduleSpec } from './types';

const PER_STEP = 'Stepped every optimizer step.';

/** η. */
export const constant: ScheduleSpec = {
  id: 'constant',
  title: 'Constant',
  description: `The base rate throughout. ${PER_STEP}`,
  params: [],
  create: (baseLr) => ({ lr: () => baseLr }),
};

/** StepLR: η γ^⌊t / step_size⌋. */
export const step: ScheduleSpec = {
  id: 'step',
  title: 'Step decay',
  description: `Multiplies the rate by gamma every step_size steps. ${PER_STEP}`,
  params: [
    {
      name: 'step_size',
      type: 'integer',
      default: null,
      min: 1,
      doc: 'Steps between drops. Default: a third of the run (two drops).',
    },
    gammaParam(0.1, 'Factor applied at each drop.'),
  ],
  create(baseLr, p, ctx) {
    const stepSize = numOr(p, 'step_size', Math.max(1, Math.ceil(ctx.totalSteps / 3)));
    const gamma = num(p, 'gamma');
    return { lr: (t) => baseLr * gamma ** Math.floor(t / stepSize) };
  },
};

/** MultiStepLR: η γ^(number of milestones ≤ t); a repeated milestone counts twice, as in PyTorch. */
export const multistep: ScheduleSpec = {
  id: 'multistep',
  title: 'Multi-step decay',
  description: `Multiplies the rate by gamma at each listed step. ${PER_STEP}`,
  params: [
    {
      name: 'milestones',
      type: 'numbers',
      default: null,
      min: 1,
      doc: 'Steps at which the rate drops. Default: half and three quarters of the run.',
    },
    gammaParam(0.1, 'Factor applied at each milestone.'),
  ],
  create(baseLr, p, ctx) {
    const milestones = (p.milestones as number[] | null) ?? [
      steps(Math.floor(ctx.totalSteps / 2)),
      steps(Math.floor((3 * ctx.totalSteps) / 4)),
    ];
    milestones.forEach((m, i) => {
      if (!Number.isInteger(m))
        throw new LossLabError(`milestones[${i}] must be a whole step number, got ${m}`, { field: `milestones[${i}]` });
    });
    const gamma = num(p, 'gamma');
    return {
      lr(t) {
        let passed = 0;
        for (const m of milestones) if (m <= t) passed++;
        return baseLr * gamma ** passed;
      },
    };
  },
};

/** ExponentialLR: η γ^t. */
export const exponential: ScheduleSpec = {
  id: 'exponential',
  title: 'Exponential decay',
  description: `Multiplies the rate by gamma every step. ${PER_STEP}`,
  params: [
    gammaParam(
      null,
      'Factor per step. Default: the factor that brings the rate to 1/100 of the base at the end of the run.',
    ),
  ],
  create(baseLr, p, ctx) {
    const gamma = numOr(p, 'gamma', 0.01 ** (1 / Math.max(1, ctx.totalSteps)));
    return { lr: (t) => baseLr * gamma ** t };
  },
};

/** η / (1 + decay_rate · t), Keras' InverseTimeDecay with decay_steps = 1 (PyTorch has none). */
export const inverseTime: ScheduleSpec = {
  id: 'inverse_time',
  title: 'Inverse-time decay',
  description: `The rate falls as 1/(1 + decay_rate t), the classic Robbins–Monro form. ${PER_STEP}`,
  params: [
    {
      name: 'decay_rate',
      type: 'number',
      default: null,
      min: 0,
      doc: 'Default: the value that brings the rate to 1/10 of the base at the end of the run.',
    },
  ],
  create(baseLr, p, ctx) {
    const decayRate = numOr(p, 'decay_rate', 9 / Math.max(1, ctx.totalSteps));
    return { lr: (t) => baseLr / (1 + decayRate * t) };
  },
};

/** PolynomialLR: η (1 − min(t, T)/T)^power; zero from step T on when power > 0. */
export const polynomial: ScheduleSpec = {
  id: 'polynomial',
  title: 'Polynomial decay',
  description: `Decays to zero over total_iters steps as a power of the remaining fraction; power 1 is linear. ${PER_STEP}`,
  params: [
    runLengthParam('total_iters', 'Steps until the rate reaches zero (PyTorch defaults to 5).'),
    { name: 'power', type: 'number', default: 1, min: 0, doc: 'Exponent of the remaining fraction.' },
  ],
  create(baseLr, p, ctx) {
    const total = numOr(p, 'total_iters', steps(ctx.totalSteps));
    const power = num(p, 'power');
    return { lr: (t) => baseLr * (1 - Math.min(t, total) / total) ** power };
  },
};

/** LinearLR: η (s + (e − s) min(t, T)/T), a linear ramp of the factor, then constant. */
export const linear: ScheduleSpec = {
  id: 'linear',
  title: 'Linear factor ramp',
  description: `Scales the rate by a factor that moves linearly from start_factor to end_factor over total_iters steps, then holds; with the defaults, a short warmup. ${PER_STEP}`,
  params: [
    {
      name: 'start_factor',
      type: 'number',
      default: 1 / 3,
      min: 0,
      minExclusive: true,
      max: 1,
      doc: 'Factor at step 0.',
    },
    { name: 'end_factor', type: 'number', default: 1, min: 0, max: 1, doc: 'Factor from step total_iters on.' },
    { name: 'total_iters', type: 'integer', default: 5, min: 1, doc: 'Steps of the ramp.' },
  ],
  create(baseLr, p) {
    const start = num(p, 'start_factor');
    const end = num(p, 'end_factor');
    const total = num(p, 'total_iters');
    return { lr: (t) => baseLr * (start + ((end - start) * Math.min(total, t)) / total) };
  },
};
