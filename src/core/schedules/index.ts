/**
 * The schedule registry: ids as in the fidelity fixtures to specs. Every schedule except warmup_cosine
 * (whose warmup_steps is the built-in form) also takes the generic `warmup` parameter.
 */
import { findById, underPath } from '../errors';
import { resolveParams } from '../params';
import { cosine, cosineRestarts, warmupCosine } from './cosine';
import { cyclic, oneCycle } from './cyclic';
import { constant, exponential, inverseTime, linear, multistep, polynomial, step } from './decay';
import { reduceOnPlateau } from './plateau';
import type { Schedule, ScheduleContext, ScheduleSpec } from './types';
import { withWarmup } from './warmup';

export type { Schedule, ScheduleContext, ScheduleSpec } from './types';

export const SCHEDULES: readonly ScheduleSpec[] = [
  ...[constant, step, multistep, exponential, inverseTime, polynomial, cosine, cosineRestarts, linear].map(withWarmup),
  warmupCosine,
  ...[oneCycle, cyclic, reduceOnPlateau].map(withWarmup),
];

/** `field` names where the id came from (`schedule.name`), for the error's location. */
export function getSchedule(id: string, field?: string): ScheduleSpec {
  return findById('schedule', SCHEDULES, id, field);
}

/**
 * Validates `given` against the schedule's parameters (messages name `path.field`), fills the defaults
 * that come from the run (`ctx`), and builds the schedule for base rate `baseLr` (the optimizer's lr).
 */
export function createSchedule(
  id: string,
  baseLr: number,
  given: Record<string, unknown>,
  ctx: ScheduleContext,
  path = 'schedule',
): Schedule {
  const spec = getSchedule(id, `${path}.name`);
  const params = resolveParams(spec.params, given, path, spec.id);
  return underPath(path, () => spec.create(baseLr, params, ctx));
}
