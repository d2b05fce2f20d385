import { num } from '../params';
import type { ScheduleSpec } from './types';

/**
 * ReduceLROnPlateau: after each observed metric (once per epoch, by the trainer), counts the epochs
 * without improvement beyond `threshold` (relative: better than best·(1 ∓ threshold); absolute: best ∓
 * threshold); when more than `patience` in a row, multiplies the rate by `factor` (not below min_lr, and
 * only when the change exceeds eps), then ignores `cooldown` epochs. `lr(t)` is the current rate.
 */
export const reduceOnPlateau: ScheduleSpec = {
  id: 'reduce_on_plateau',
  title: 'Reduce on plateau',
  description:
    'Cuts the rate by factor when the monitored metric stops improving for patience epochs. Observed once per epoch, not per step.',
  params: [
    {
      name: 'mode',
      type: 'string',
      default: 'min',
      choices: ['min', 'max'],
      doc: 'min: lower is better (a loss); max: higher is better (an accuracy).',
    },
    {
      name: 'factor',
      type: 'number',
      default: 0.1,
      min: 0,
      minExclusive: true,
      max: 1,
      maxExclusive: true,
      doc: 'Multiplies the rate at each reduction.',
    },
    {
      name: 'patience',
      type: 'integer',
      default: 10,
      min: 0,
      doc: 'Epochs without improvement tolerated before reducing.',
    },
    {
      name: 'threshold',
      type: 'number',
      default: 1e-4,
      min: 0,
      doc: 'How much better a value must be to count as an improvement.',
    },
    {
      name: 'threshold_mode',
      type: 'string',
      default: 'rel',
      choices: ['rel', 'abs'],
      doc: 'rel: threshold is a fraction of the best value; abs: an amount.',
    },
    {
      name: 'cooldown',
      type: 'integer',
      default: 0,
      min: 0,
      doc: 'Epochs to wait after a reduction before counting again.',
    },
    { name: 'min_lr', type: 'number', default: 0, min: 0, doc: 'The rate never goes below this.' },
    { name: 'eps', type: 'number', default: 1e-8, min: 0, doc: 'Reductions smaller than this are skipped.' },
  ],
  create(baseLr, p) {
    const maximize = p.mode === 'max';
    const relative = p.threshold_mode === 'rel';
    const factor = num(p, 'factor');
    const patience = num(p, 'patience');
    const threshold = num(p, 'threshold');
    const cooldown = num(p, 'cooldown');
    const minLr = num(p, 'min_lr');
    const eps = num(p, 'eps');
    const isBetter = (a: number, best: number): boolean => {
      if (relative) return maximize ? a > best * (1 + threshold) : a < best * (1 - threshold);
      return maximize ? a > best + threshold : a < best - threshold;
    };
    let lr = baseLr;
    let best = maximize ? -Infinity : Infinity;
    let badEpochs = 0;
    let cooldownLeft = 0;
    return {
      lr: () => lr,
      observe(metric) {
        if (isBetter(metric, best)) {
          best = metric;
          badEpochs = 0;
        } else {
          badEpochs++;
        }
        if (cooldownLeft > 0) {
          cooldownLeft--;
          badEpochs = 0; // bad epochs during cooldown are ignored
        }
        if (badEpochs > patience) {
          const reduced = Math.max(lr * factor, minLr);
          if (lr - reduced > eps) lr = reduced;
          cooldownLeft = cooldown;
          badEpochs = 0;
        }
      },
    };
  },
};
