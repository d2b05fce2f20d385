/** Cosine annealing in its three common forms, in closed form over the 0-based optimizer step t. */
import { LossLabError } from '../errors';
import { num } from '../params';
import { ETA_MIN, numOr, runLengthParam, steps } from './paramSpecs';
import type { ScheduleSpec } from './types';

/** From η (at x = 0) down to η_min (at x = 1) along half a cosine. */
function cosineBetween(baseLr: number, etaMin: number, x: number): number {
  return etaMin + ((baseLr - etaMin) * (1 + Math.cos(Math.PI * x))) / 2;
}

/**
 * CosineAnnealingLR's closed form: η_min + (η − η_min)(1 + cos(π t / T_max)) / 2.
 * Past T_max the cosine keeps turning and the rate climbs back towards η, as PyTorch's closed form
 * does; set T_max to the run's length (the default) to end at η_min.
 */
export const cosine: ScheduleSpec = {
  id: 'cosine',
  title: 'Cosine annealing',
  description:
    'Half a cosine from the base rate down to eta_min over T_max steps (Loshchilov & Hutter). Stepped every optimizer step.',
  params: [runLengthParam('T_max', 'Steps from the base rate to eta_min.'), ETA_MIN],
  create(baseLr, p, ctx) {
    const tMax = numOr(p, 'T_max', steps(ctx.totalSteps));
    const etaMin = num(p, 'eta_min');
    return { lr: (t) => cosineBetween(baseLr, etaMin, t / tMax) };
  },
};

/**
 * CosineAnnealingWarmRestarts (SGDR), stepped once per optimizer step: cycle i lasts T_i = T_0 T_mult^i
 * steps, and within it η_min + (η − η_min)(1 + cos(π T_cur / T_i)) / 2, with T_cur the steps into the cycle.
 */
export const cosineRestarts: ScheduleSpec = {
  id: 'cosine_restarts',
  title: 'Cosine with warm restarts',
  description:
    'Cosine annealing that jumps back to the base rate at each restart, with cycles growing by T_mult (SGDR). Stepped every optimizer step.',
  params: [
    {
      name: 'T_0',
      type: 'integer',
      default: null,
      min: 1,
      doc: 'Steps in the first cycle. Default: the length that makes four cycles fill the run.',
    },
    {
      name: 'T_mult',
      type: 'integer',
      default: 1,
      min: 1,
      doc: 'Each cycle is T_mult times longer than the one before.',
    },
    ETA_MIN,
  ],
  create(baseLr, p, ctx) {
    const tMult = num(p, 'T_mult');
    const t0 = numOr(p, 'T_0', Math.max(1, Math.ceil(ctx.totalSteps / (1 + tMult + tMult ** 2 + tMult ** 3))));
    const etaMin = num(p, 'eta_min');
    return {
      lr(t) {
        let cur = t;
        let length = t0;
        while (cur >= length) {
          cur -= length;
          length *= tMult;
        }
        return cosineBetween(baseLr, etaMin, cur / length);
      },
    };
  },
};

/**
 * Linear warmup then cosine decay (the transformer recipe), with w warmup steps and T total:
 * η t / w for t < w, then η_min + (η − η_min)(1 + cos(π min(1, (t − w)/(T − w)))) / 2.
 * The rate is 0 at step 0 and holds at η_min after step T.
 */
export const warmupCosine: ScheduleSpec = {
  id: 'warmup_cosine',
  title: 'Warmup + cosine',
  description:
    'Ramps linearly from 0 to the base rate over warmup_steps, then half a cosine down to eta_min by total_steps. Stepped every optimizer step.',
  params: [
    {
      name: 'warmup_steps',
      type: 'integer',
      default: null,
      min: 0,
      doc: "Steps of the linear ramp. Default: a tenth of the run's steps.",
    },
    runLengthParam('total_steps', 'Step at which the cosine reaches eta_min.'),
    ETA_MIN,
  ],
  create(baseLr, p, ctx) {
    const total = numOr(p, 'total_steps', steps(ctx.totalSteps));
    const warmup = numOr(p, 'warmup_steps', Math.round(total / 10));
    if (warmup >= total)
      throw new LossLabError(`warmup_steps must be less than total_steps (${total}), got ${warmup}`, {
        field: 'warmup_steps',
      });
    const etaMin = num(p, 'eta_min');
    return {
      lr: (t) =>
        t < warmup
          ? (baseLr * t) / warmup
          : cosineBetween(baseLr, etaMin, Math.min(1, (t - warmup) / (total - warmup))),
    };
  },
};
