import type { ParamSpec, Params } from '../params';

export interface ScheduleContext {
  /** Optimizer steps in the whole run; the default length of decaying schedules. */
  totalSteps: number;
  stepsPerEpoch: number;
}

/** A learning-rate schedule over 0-based optimizer steps. */
export interface Schedule {
  /** The learning rate used at step `t`. Called with t = 0, 1, 2, ... in order. */
  lr(t: number): number;
  /** Metric-driven schedules (reduce_on_plateau) take the monitored value after each evaluation. */
  observe?(metric: number): void;
}

export interface ScheduleSpec {
  id: string;
  title: string;
  description: string;
  /** A `null` default is filled from the run (`ctx`) or the base rate, as each parameter's doc says. */
  params: readonly ParamSpec[];
  /**
   * Builds the schedule for base rate `baseLr` (the optimizer's `lr`) from resolved `p`. Invalid
   * combinations throw a LossLabError whose field is the bare parameter name (`base_lr`);
   * `createSchedule` places it under the config path.
   */
  create(baseLr: number, p: Params, ctx: ScheduleContext): Schedule;
}
