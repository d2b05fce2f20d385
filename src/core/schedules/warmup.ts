import type { ParamSpec } from '../params';
import type { ScheduleSpec } from './types';

export const WARMUP_PARAM: ParamSpec = {
  name: 'warmup',
  type: 'integer',
  default: 0,
  min: 0,
  doc: "Steps of linear warmup from 0 before the schedule starts; the schedule's own length defaults then count from its end.",
};

/**
 * The generic warmup any schedule can take: with w warmup steps and the wrapped schedule s,
 *
 *     lr(t) = s(0) · t / w     for t < w
 *     lr(t) = s(t − w)         afterwards,
 *
 * so decay starts once warmup ends, and s sees a run w steps shorter (its run-length defaults, such as
 * cosine's T_max, end with the run). Metric observations pass through.
 */
export function withWarmup(spec: ScheduleSpec): ScheduleSpec {
  return {
    ...spec,
    params: [...spec.params, WARMUP_PARAM],
    create(baseLr, p, ctx) {
      const w = p.warmup as number;
      if (w === 0) return spec.create(baseLr, p, ctx);
      const inner = spec.create(baseLr, p, { ...ctx, totalSteps: Math.max(1, ctx.totalSteps - w) });
      return {
        lr: (t) => (t < w ? (inner.lr(0) * t) / w : inner.lr(t - w)),
        ...(inner.observe ? { observe: (metric: number) => inner.observe?.(metric) } : {}),
      };
    },
  };
}
