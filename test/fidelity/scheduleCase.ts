/**
 * Runs one schedule case of the PyTorch fidelity fixtures (test/fixtures/fidelity/schedule.json) against
 * the core, for the fidelity test and the generic fidelity runner.
 */
import { createSchedule } from '../../src/core/schedules';
import { type CaseResult, type Tolerance, compare, guarded } from './cases';

export interface ScheduleCase {
  kind: 'schedule';
  name: string;
  params: Record<string, unknown>;
  doc?: string;
  base_lr: number;
  steps: number;
  /** Fed to `observe` after step t (reduce_on_plateau). */
  metrics?: number[];
  /** The rate used at each step. */
  expected: number[];
  tolerance: Tolerance;
}

/** The run is the case's `steps` long, with one step per epoch. */
export function runScheduleCase(c: ScheduleCase): CaseResult {
  return guarded(c.name, () => {
    const schedule = createSchedule(c.name, c.base_lr, c.params, { totalSteps: c.steps, stepsPerEpoch: 1 });
    const lrs: number[] = [];
    for (let t = 0; t < c.expected.length; t++) {
      lrs.push(schedule.lr(t));
      if (c.metrics) {
        if (!schedule.observe) throw new Error(`${c.name} takes no metrics`);
        schedule.observe(c.metrics[t]);
      }
    }
    return compare(lrs, c.expected, c.tolerance, `${c.name} lr`);
  });
}
