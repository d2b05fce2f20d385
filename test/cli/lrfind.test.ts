import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixturePath } from '../core/fixtures';
import { dataset, lastJson, losslab } from './run';

interface LrFindJson {
  suggestion: number | null;
  lrs: number[];
  losses: number[];
  raw_losses: number[];
  stopped: string | null;
}

test('lr-find --json: rates growing exponentially from 1e-8 towards 1, smoothed losses, a suggestion among the rates', () => {
  const r = losslab(['lr-find', dataset('digits.csv'), '--hidden', '32', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson<LrFindJson>(r);
  assert.ok(j.lrs.length > 20 && j.lrs.length <= 100, `${j.lrs.length} steps`);
  assert.equal(j.losses.length, j.lrs.length);
  assert.equal(j.raw_losses.length, j.lrs.length);
  j.lrs.forEach((lr, i) => assert.ok(Math.abs(lr - 1e-8 * 1e8 ** (i / 100)) <= 1e-12 * lr, `lr ${i}`));
  // Ten classes from random weights: the first loss is near ln 10.
  assert.ok(Math.abs(j.losses[0] - Math.log(10)) < 0.5, `first loss ${j.losses[0]}`);
  assert.ok(j.suggestion !== null && j.lrs.includes(j.suggestion));
  assert.ok(j.suggestion > 1e-5 && j.suggestion < 1, `suggestion ${j.suggestion}`);
});

test('lr-find takes its range and steps as flags, and prints the suggestion without --json', () => {
  const j = lastJson<LrFindJson>(
    losslab(['lr-find', dataset('iris.csv'), '--min-lr', '1e-4', '--max-lr', '1e-2', '--steps', '20', '--json']),
  );
  assert.equal(j.lrs.length, 20);
  assert.equal(j.lrs[0], 1e-4);
  assert.equal(j.stopped, null);
  const text = losslab(['lr-find', dataset('iris.csv')]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /suggested learning rate: /);
  const bad = losslab(['lr-find', dataset('iris.csv'), '--max-lr', '1e-9']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /max_lr must be above min_lr/);
});

test('lr-find and schedule read the CSV as training does: a broken row is named by its line', () => {
  for (const command of ['lr-find', 'schedule']) {
    const r = losslab([command, fixturePath('bad/long-row.csv')]);
    assert.equal(r.code, 2, `${command}: ${r.stderr}`);
    assert.match(r.stderr, /long-row\.csv line 4 has 4 fields, the header has 3/, command);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${command}: no stack trace`);
  }
});

interface ScheduleJson {
  schedules: {
    name: string;
    schedule: string;
    steps: number;
    steps_per_epoch: number;
    lrs: number[];
    note: string | null;
  }[];
}

test('schedule --json: the rate of every step over the run, several schedules overlaid', () => {
  // iris: 120 training rows in batches of 32 → 4 steps per epoch, 40 in 10 epochs.
  const r = losslab([
    'schedule',
    dataset('iris.csv'),
    '--epochs',
    '10',
    '--lr',
    '0.1',
    '--schedule',
    'constant,cosine',
    '--sched-param',
    'warmup=0,8',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson<ScheduleJson>(r);
  assert.deepEqual(
    j.schedules.map((s) => s.name),
    [
      'schedule=constant warmup=0',
      'schedule=constant warmup=8',
      'schedule=cosine warmup=0',
      'schedule=cosine warmup=8',
    ],
  );
  for (const s of j.schedules) {
    assert.equal(s.steps, 40);
    assert.equal(s.steps_per_epoch, 4);
    assert.equal(s.lrs.length, 40);
  }
  assert.ok(j.schedules[0].lrs.every((lr) => lr === 0.1));
  const warm = j.schedules[3].lrs;
  assert.equal(warm[4], 0.05);
  // Cosine over the 32 steps after warmup: 0.1 (1 + cos(π t / 32)) / 2 at t = 16 steps in.
  assert.ok(Math.abs(warm[24] - 0.05) < 1e-15);
  const text = losslab(['schedule', dataset('iris.csv'), '--schedule', 'reduce_on_plateau']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /█+ +reduce_on_plateau, 200 steps \(4\/epoch\)/);
  assert.match(text.stdout, /note: reduce_on_plateau lowers the rate/);
});
