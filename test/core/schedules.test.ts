import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SCHEDULES, createSchedule, getSchedule, type ScheduleContext } from '../../src/core/schedules';
import { close, throwsLossLab } from './assertions';

const ctx = (totalSteps: number, stepsPerEpoch = 1): ScheduleContext => ({ totalSteps, stepsPerEpoch });

test('registry: ids, descriptions say how each is stepped, generic warmup everywhere but warmup_cosine', () => {
  assert.deepEqual(
    SCHEDULES.map((s) => s.id),
    [
      'constant',
      'step',
      'multistep',
      'exponential',
      'inverse_time',
      'polynomial',
      'cosine',
      'cosine_restarts',
      'linear',
      'warmup_cosine',
      'one_cycle',
      'cyclic',
      'reduce_on_plateau',
    ],
  );
  for (const s of SCHEDULES) {
    assert.match(s.description, s.id === 'reduce_on_plateau' ? /once per epoch/ : /every optimizer step/, s.id);
    assert.equal(
      s.params.some((p) => p.name === 'warmup'),
      s.id !== 'warmup_cosine',
      s.id,
    );
  }
  throwsLossLab(() => getSchedule('cosin'), /^unknown schedule "cosin" \(did you mean cosine\?\); valid: constant, /);
  throwsLossLab(
    () => createSchedule('warmup_cosine', 0.1, { warmup: 5 }, ctx(50)),
    /^schedule\.warmup is not a parameter of warmup_cosine \(did you mean warmup_steps\?\)/,
  );
});

test('generic warmup: linear from 0 to the schedule start, then the schedule shifted by the warmup', () => {
  const c = createSchedule('constant', 0.2, { warmup: 4 }, ctx(20));
  [0, 0.05, 0.1, 0.15, 0.2, 0.2, 0.2].forEach((e, t) => close(c.lr(t), e));

  const s = createSchedule('step', 0.2, { warmup: 4, step_size: 3, gamma: 0.5 }, ctx(20));
  close(s.lr(2), 0.1);
  close(s.lr(6), 0.2); // step 2 of the decay
  close(s.lr(7), 0.1); // step 3: first drop
  close(s.lr(10), 0.05);

  // The ramp heads for the schedule's own first value (one_cycle starts at max_lr / div_factor).
  const o = createSchedule('one_cycle', 0.2, { warmup: 5, max_lr: 1, div_factor: 10 }, ctx(100));
  close(o.lr(1), 0.1 / 5);
  close(o.lr(5), 0.1);
});

test('generic warmup: run-length defaults count from the end of the warmup', () => {
  // cosine's T_max defaults to the 100 − 10 steps left after warmup.
  const s = createSchedule('cosine', 0.4, { warmup: 10, eta_min: 0.1 }, ctx(100));
  close(s.lr(10), 0.4);
  close(s.lr(55), 0.1 + (0.3 * (1 + Math.cos(Math.PI / 2))) / 2);
  close(s.lr(100), 0.1);
});

test('generic warmup passes metric observations through', () => {
  const s = createSchedule('reduce_on_plateau', 1, { warmup: 2, patience: 0, factor: 0.5 }, ctx(10));
  close(s.lr(1), 0.5);
  s.observe?.(1);
  s.observe?.(1); // no improvement, patience 0: halve
  close(s.lr(1), 0.25);
  close(s.lr(5), 0.5);
});

test('run-length defaults: each decaying schedule ends where its documentation says', () => {
  const T = 60;
  const base = 0.3;
  close(createSchedule('cosine', base, {}, ctx(T)).lr(T), 0);
  close(createSchedule('cosine', base, {}, ctx(T)).lr(T / 2), base / 2);
  close(createSchedule('polynomial', base, {}, ctx(T)).lr(T / 4), base * 0.75);
  close(createSchedule('polynomial', base, {}, ctx(T)).lr(T), 0);
  close(createSchedule('exponential', base, {}, ctx(T)).lr(T), base / 100);
  close(createSchedule('inverse_time', base, {}, ctx(T)).lr(T), base / 10);
  const step = createSchedule('step', base, {}, ctx(T)); // drops after a third and two thirds
  close(step.lr(19), base);
  close(step.lr(20), base * 0.1);
  close(step.lr(40), base * 0.01);
  const multi = createSchedule('multistep', base, {}, ctx(T)); // milestones at 1/2 and 3/4
  close(multi.lr(29), base);
  close(multi.lr(30), base * 0.1);
  close(multi.lr(45), base * 0.01);
  const wc = createSchedule('warmup_cosine', base, {}, ctx(T)); // warmup a tenth of the run
  close(wc.lr(3), base / 2);
  close(wc.lr(6), base);
  close(wc.lr(T), 0);
  close(wc.lr(T + 7), 0);
});

test('cosine_restarts default: four cycles fill the run', () => {
  const one = createSchedule('cosine_restarts', 1, {}, ctx(60)); // T_0 = 15
  close(one.lr(14), (1 + Math.cos((Math.PI * 14) / 15)) / 2);
  close(one.lr(15), 1);
  close(one.lr(45), 1);
  const grow = createSchedule('cosine_restarts', 1, { T_mult: 2 }, ctx(60)); // 4 + 8 + 16 + 32 ≥ 60
  for (const restart of [0, 4, 12, 28]) close(grow.lr(restart), 1);
  close(grow.lr(20), (1 + Math.cos((Math.PI * 8) / 16)) / 2);
});

test('one_cycle and cyclic defaults come from the run lr, its length and its epochs', () => {
  const o = createSchedule('one_cycle', 0.5, {}, ctx(100));
  close(o.lr(0), 0.5 / 25);
  close(o.lr(29), 0.5); // pct_start 0.3: peak at step 0.3·100 − 1
  close(o.lr(99), 0.5 / 25 / 1e4);
  close(o.lr(150), 0.5 / 25 / 1e4); // held past the end
  const c = createSchedule('cyclic', 0.5, {}, ctx(100, 10)); // half-cycle of two epochs
  close(c.lr(0), 0.05);
  close(c.lr(10), 0.275);
  close(c.lr(20), 0.5);
  close(c.lr(40), 0.05);
  const e = createSchedule('cyclic', 1, { base_lr: 0, step_size_up: 2, mode: 'exp_range', gamma: 0.5 }, ctx(100));
  close(e.lr(2), 0.25);
  close(e.lr(6), 0.5 ** 6);
});

test('cosine past T_max follows the closed form back up', () => {
  const s = createSchedule('cosine', 1, { T_max: 10 }, ctx(100));
  close(s.lr(15), 0.5);
  close(s.lr(20), 1);
});

test('reduce_on_plateau in max mode with absolute threshold and min_lr', () => {
  const s = createSchedule(
    'reduce_on_plateau',
    1,
    { mode: 'max', threshold_mode: 'abs', threshold: 0.1, patience: 1, factor: 0.5, min_lr: 0.3 },
    ctx(10),
  );
  for (const m of [0.5, 0.55, 0.58]) s.observe?.(m); // 0.55 and 0.58 are within 0.1 of 0.5: two bad epochs
  close(s.lr(0), 0.5);
  for (const m of [0.7, 0.7, 0.7]) s.observe?.(m); // 0.7 improves; then two bad epochs
  close(s.lr(0), 0.3); // 0.25 clipped to min_lr
  for (const m of [0.7, 0.7]) s.observe?.(m);
  close(s.lr(0), 0.3);
});

test('schedule parameters are validated with the field path', () => {
  throwsLossLab(
    () => createSchedule('cyclic', 0.01, { base_lr: 0.05 }, ctx(10)),
    'schedule.base_lr must not exceed max_lr (0.01), got 0.05',
    'schedule.base_lr',
  );
  throwsLossLab(
    () => createSchedule('warmup_cosine', 0.1, { warmup_steps: 50, total_steps: 50 }, ctx(10)),
    'schedule.warmup_steps must be less than total_steps (50), got 50',
    'schedule.warmup_steps',
  );
  throwsLossLab(
    () => createSchedule('multistep', 0.1, { milestones: [3, 4.5] }, ctx(10)),
    /^schedule\.milestones\[1\] must be a whole step number/,
    'schedule.milestones[1]',
  );
  throwsLossLab(
    () => createSchedule('exponential', 0.1, { gamma: 1.5 }, ctx(10)),
    'schedule.gamma must be in (0, 1], got 1.5',
  );
  throwsLossLab(
    () => createSchedule('one_cycle', 0.1, { anneal_strategy: 'cosine' }, ctx(10)),
    'schedule.anneal_strategy must be one of cos, linear, got "cosine"',
  );
  throwsLossLab(
    () => createSchedule('cosine', 0.1, { T_max: 2.5 }, ctx(10), 'runs[1].schedule'),
    'runs[1].schedule.T_max must be an integer, got 2.5',
  );
});
