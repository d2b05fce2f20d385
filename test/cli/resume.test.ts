import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { readJson } from './recorded';
import { dataset, lastJson, losslab, tempDir } from './run';

interface Event {
  type: string;
  epoch?: number;
  step?: number;
  action?: string;
  lr?: number;
}

const events = (dir: string): Event[] =>
  readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Event);

/** A run that diverges after some finished epochs: SGD at rate 0.5 on diabetes.csv, batches of 32. */
function divergedRun(out: string): string {
  const r = losslab([
    'train',
    dataset('diabetes.csv'),
    '--optimizer',
    'sgd',
    '--lr',
    '0.5',
    '--hidden',
    '8',
    '--epochs',
    '20',
    '--seed',
    '1',
    '--out',
    out,
    '--json',
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson(r);
  assert.equal(j.status, 'diverged', j.message ?? '');
  return j.run_dir!;
}

test('resume continues a diverged run from its last finished epoch at the new rate, as a new run linked to it', () => {
  const out = tempDir();
  const old = divergedRun(out);
  const checkpoint = readJson<{ epoch: number; step: number }>(old, 'checkpoint.json');
  const oldEpochs = events(old).filter((e) => e.type === 'epoch');
  assert.equal(checkpoint.epoch, oldEpochs.length, 'the end of the last finished epoch');
  assert.ok(checkpoint.epoch > 0);
  assert.equal(checkpoint.step, oldEpochs.at(-1)?.step ?? 0);
  const r = losslab(['resume', old, '--lr', '0.01', '--json', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson(r);
  assert.equal(j.status, 'completed');
  assert.equal(dirname(j.run_dir!), out, 'beside the old run');
  assert.deepEqual(readJson(j.run_dir!, 'resumed.json'), {
    run: readJson<{ id: string }>(old, 'config.json').id,
    dir: old,
    epoch: checkpoint.epoch,
    step: checkpoint.step,
    lr: 0.01,
  });
  const ev = events(j.run_dir!);
  const steps = ev.filter((e) => e.type === 'step');
  assert.equal(steps[0].step, checkpoint.step);
  assert.ok(steps.every((s) => s.lr === 0.01));
  assert.deepEqual(
    ev.filter((e) => e.type === 'epoch').map((e) => e.epoch),
    Array.from({ length: 20 - checkpoint.epoch }, (_, i) => checkpoint.epoch + 1 + i),
  );
  const control = ev.find((e) => e.type === 'control')!;
  assert.deepEqual([control.action, control.lr, control.step], ['lr', 0.01, checkpoint.step]);
  assert.ok(existsSync(join(j.run_dir!, 'final.json')));
  assert.ok(existsSync(join(j.run_dir!, 'checkpoint.json')));
  // The text output says what was resumed.
  const text = losslab(['resume', old, '--lr', '0.02', '--quiet', '--out', tempDir()]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    new RegExp(`^resumed ${old} at epoch ${checkpoint.epoch} \\(step ${checkpoint.step}\\) with lr 0.02\\n`),
  );
});

test('resume refuses, in one line with exit code 2, what it cannot continue', () => {
  const out = tempDir();
  const old = divergedRun(out);
  const done = lastJson(
    losslab(['train', dataset('iris.csv'), '--epochs', '2', '--out', out, '--json', '--quiet']),
  ).run_dir!;
  const noCheckpoint = divergedRun(tempDir());
  rmSync(join(noCheckpoint, 'checkpoint.json'));
  const before = readdirSync(out).length;
  for (const [args, message] of [
    [[old], /^losslab: losslab resume needs the new learning rate: --lr X/],
    [[old, '--lr', '-1'], /^losslab: --lr must be a positive number, got -1/],
    [[old, '--lr', 'fast'], /^losslab: --lr must be a number, got 'fast'/],
    [[done, '--lr', '0.1'], /^losslab: run '.*' finished all its 2 epochs, so there is nothing to resume/],
    [
      [noCheckpoint, '--lr', '0.1'],
      /has no checkpoint\.json \(the weights and optimizer state at the end of its last finished epoch\)/,
    ],
    [['--lr', '0.1'], /^losslab: losslab resume takes one run folder/],
  ] as const) {
    const r = losslab(['resume', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.equal(readdirSync(out).length, before, 'no run was recorded');
});
