/** Schedules that rise and fall: cyclical rates (Smith 2017) and the 1cycle policy (Smith & Topin 2019). */
import { LossLabError } from '../errors';
import { num } from '../params';
import { gammaParam, numOr, runLengthParam, steps } from './paramSpecs';
import type { ScheduleSpec } from './types';

/**
 * CyclicLR with cycle_momentum=False, `last_epoch` = t. A cycle is step_size_up steps rising from base_lr
 * to max_lr then step_size_down steps falling back; the height is scaled per cycle by `mode`:
 * triangular 1, triangular2 1/2^(cycle−1), exp_range gamma^t.
 *
 * PyTorch needs base_lr and max_lr and defaults step_size_up to 2000. Here max_lr defaults to the run's
 * learning rate, base_lr to a tenth of max_lr, and step_size_up to two epochs (Smith recommends 2–10).
 */
export const cyclic: ScheduleSpec = {
  id: 'cyclic',
  title: 'Cyclical (triangular)',
  description:
    'Cycles the rate between base_lr and max_lr in triangles, so training keeps escaping saddle points. Stepped every optimizer step.',
  params: [
    { name: 'base_lr', type: 'number', default: null, min: 0, doc: 'Lowest rate of the cycle. Default: max_lr / 10.' },
    {
      name: 'max_lr',
      type: 'number',
      default: null,
      min: 0,
      doc: "Highest rate of the cycle. Default: the run's learning rate.",
    },
    {
      name: 'step_size_up',
      type: 'integer',
      default: null,
      min: 1,
      doc: 'Steps rising from base_lr to max_lr. Default: two epochs.',
    },
    {
      name: 'step_size_down',
      type: 'integer',
      default: null,
      min: 1,
      doc: 'Steps falling back. Default: step_size_up.',
    },
    {
      name: 'mode',
      type: 'string',
      default: 'triangular',
      choices: ['triangular', 'triangular2', 'exp_range'],
      doc: 'triangular: same height every cycle; triangular2: height halves each cycle; exp_range: height scaled by gamma^step.',
    },
    gammaParam(1, 'Per-step factor of the height in exp_range mode.'),
  ],
  create(baseLr, p, ctx) {
    const maxLr = numOr(p, 'max_lr', baseLr);
    const lowLr = numOr(p, 'base_lr', maxLr / 10);
    if (lowLr > maxLr)
      throw new LossLabError(`base_lr must not exceed max_lr (${maxLr}), got ${lowLr}`, { field: 'base_lr' });
    const up = numOr(p, 'step_size_up', 2 * Math.max(1, ctx.stepsPerEpoch));
    const down = numOr(p, 'step_size_down', up);
    const mode = p.mode as string;
    const gamma = num(p, 'gamma');
    const total = up + down;
    const ratio = up / total;
    return {
      lr(t) {
        const cycle = Math.floor(1 + t / total);
        const x = 1 + t / total - cycle;
        const rise = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
        const scale = mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : mode === 'exp_range' ? gamma ** t : 1;
        return lowLr + (maxLr - lowLr) * rise * scale;
      },
    };
  },
};

/** Cosine (x: 0 → 1) or linear interpolation from `start` to `end`, as OneCycleLR's anneal functions. */
function anneal(strategy: string, start: number, end: number, x: number): number {
  return strategy === 'cos' ? end + ((start - end) / 2) * (Math.cos(Math.PI * x) + 1) : (end - start) * x + start;
}

/**
 * OneCycleLR (three_phase=False, cycle_momentum=False). With N total steps and p = pct_start, the rate
 * anneals from max_lr/div_factor up to max_lr until step pN − 1, then down to
 * max_lr/(div_factor · final_div_factor) at step N − 1. The run's base rate is not used.
 *
 * Deviations: past step N − 1 the rate holds at its final value (PyTorch raises), and a phase of zero
 * length counts as finished (PyTorch divides 0 by 0).
 */
export const oneCycle: ScheduleSpec = {
  id: 'one_cycle',
  title: '1cycle',
  description:
    'One rise to max_lr then a long anneal far below the start, for fast training (super-convergence). Stepped every optimizer step.',
  params: [
    {
      name: 'max_lr',
      type: 'number',
      default: null,
      min: 0,
      minExclusive: true,
      doc: "Peak rate. Default: the run's learning rate.",
    },
    runLengthParam('total_steps', 'Length of the cycle.'),
    { name: 'pct_start', type: 'number', default: 0.3, min: 0, max: 1, doc: 'Fraction of the cycle spent rising.' },
    {
      name: 'anneal_strategy',
      type: 'string',
      default: 'cos',
      choices: ['cos', 'linear'],
      doc: 'Shape of both phases.',
    },
    {
      name: 'div_factor',
      type: 'number',
      default: 25,
      min: 0,
      minExclusive: true,
      doc: 'The cycle starts at max_lr / div_factor.',
    },
    {
      name: 'final_div_factor',
      type: 'number',
      default: 1e4,
      min: 0,
      minExclusive: true,
      doc: 'The cycle ends at the starting rate / final_div_factor.',
    },
  ],
  create(baseLr, p, ctx) {
    const maxLr = numOr(p, 'max_lr', baseLr);
    const total = numOr(p, 'total_steps', steps(ctx.totalSteps));
    const strategy = p.anneal_strategy as string;
    const initialLr = maxLr / num(p, 'div_factor');
    const minLr = initialLr / num(p, 'final_div_factor');
    const peak = num(p, 'pct_start') * total - 1;
    const end = total - 1;
    const progress = (t: number, from: number, to: number) => (to === from ? 1 : Math.min(1, (t - from) / (to - from)));
    return {
      lr: (t) =>
        t <= peak
          ? anneal(strategy, initialLr, maxLr, progress(t, 0, peak))
          : anneal(strategy, maxLr, minLr, progress(t, peak, end)),
    };
  },
};
