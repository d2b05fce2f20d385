import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type RunJson, dataset, lastJson, losslab, tempDir, workspace } from './run';

test('train --json reports the run, its history and timing, and records it', () => {
  const out = tempDir();
  const r = losslab(['train', dataset('iris.csv'), '--epochs', '5', '--seed', '2', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson(r);
  assert.equal(j.status, 'completed');
  assert.equal(j.task, 'multiclass');
  assert.deepEqual(j.classes, ['setosa', 'versicolor', 'virginica']);
  assert.equal(j.history.train_loss.length, 5);
  assert.equal(j.history.val_loss.length, 5);
  for (const k of ['accuracy', 'f1', 'precision', 'recall', 'log_loss'])
    assert.equal(typeof j.final!.metrics[k], 'number', k);
  assert.equal(typeof j.final!.train_loss, 'number');
  assert.equal(typeof j.final!.val_loss, 'number');
  assert.equal(typeof j.timing.load_s, 'number');
  assert.equal(typeof j.timing.train_s, 'number');
  assert.ok(j.best && typeof j.best!.epoch === 'number');
  for (const f of ['config.json', 'events.jsonl', 'summary.json']) assert.ok(existsSync(join(j.run_dir!, f)), f);
  const meta = JSON.parse(readFileSync(join(j.run_dir!, 'config.json'), 'utf8'));
  assert.match(meta.dataHash, /^[0-9a-f]{64}$/);
  assert.equal(meta.config.training.seed, 2);
  assert.equal(meta.config.loss.name, 'cross_entropy');
  const events = readFileSync(join(j.run_dir!, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(events[0].type, 'start');
  assert.equal(events.at(-1).type, 'end');
  assert.equal(events.filter((e) => e.type === 'epoch').length, 5);
  assert.equal(events.filter((e) => e.type === 'step').length, 5 * Math.ceil(120 / 32));
});

test('the same seed gives the same curve; another seed another', () => {
  const run = (seed: string) =>
    lastJson(
      losslab([
        'train',
        dataset('wine.csv'),
        '--epochs',
        '4',
        '--hidden',
        '8',
        '--seed',
        seed,
        '--out',
        tempDir(),
        '--json',
      ]),
    );
  assert.deepEqual(run('7').history, run('7').history);
  assert.notDeepEqual(run('7').history, run('8').history);
});

test("regression metrics are reported in the target's original units", () => {
  const r = losslab([
    'train',
    dataset('diabetes.csv'),
    '--epochs',
    '30',
    '--val-split',
    '0',
    '--out',
    tempDir(),
    '--json',
  ]);
  const j = lastJson(r);
  assert.equal(j.task, 'regression');
  // The target spans 25..346; an RMSE in standardized units would be below 1.
  assert.ok(j.final!.metrics.rmse > 30 && j.final!.metrics.rmse < 80, `rmse ${j.final!.metrics.rmse}`);
  assert.ok(j.final!.metrics.r2 > 0.4, `r2 ${j.final!.metrics.r2}`);
});

test('a learning rate far too high diverges at once, named with its step and a hint', () => {
  const r = losslab([
    'train',
    dataset('diabetes.csv'),
    '--optimizer',
    'sgd',
    '--lr',
    '1e6',
    '--no-standardize-target',
    '--out',
    tempDir(),
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson(r);
  assert.equal(j.status, 'diverged');
  assert.equal(typeof j.diverged_at_step, 'number');
  assert.match(j.message ?? '', /step \d+.*lower learning rate/);
});

test('early stopping stops and restores the best epoch', () => {
  const r = losslab([
    'train',
    dataset('breast_cancer.csv'),
    '--hidden',
    '64',
    '--lr',
    '0.05',
    '--epochs',
    '200',
    '--early-stopping',
    '3',
    '--out',
    tempDir(),
    '--json',
  ]);
  const j = lastJson(r);
  assert.equal(j.status, 'early_stopped');
  assert.ok(j.epochs < 200);
  assert.equal(j.final!.epoch, j.best!.epoch);
  assert.equal(j.epochs - j.best!.epoch, 3);
});

test('inspect --json gives columns, types and the inferred task', () => {
  const r = losslab(['inspect', dataset('iris.csv'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson<{ rows: number; task: string; columns: { kind: string; missing: number }[] }>(r);
  assert.equal(j.rows, 150);
  assert.equal(j.task, 'multiclass');
  assert.deepEqual(
    j.columns.map((c) => c.kind),
    ['numeric', 'numeric', 'numeric', 'numeric', 'categorical'],
  );
  assert.equal(j.columns[0].missing, 0);
});

test('run executes every run of an experiment file, relative paths from the file', () => {
  const csv = readFileSync(dataset('iris.csv'));
  const dir = workspace({
    'iris.csv': csv,
    'cmp.losslab.json': `// compare two losses\n{\n  "data": {"path": "iris.csv"},\n  "training": {"epochs": 3},\n  "runs": [\n    {"name": "ce", "loss": "cross_entropy"},\n    {"name": "margin", "loss": {"name": "multi_margin", "margin": 0.5}, "optimizer": {"name": "sgd", "lr": 0.1, "momentum": 0.9}},\n  ],\n}\n`,
  });
  const out = join(dir, 'runs');
  const r = losslab(['run', 'cmp.losslab.json', '--out', out, '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson<{ experiment: string; runs: RunJson[] }>(r);
  assert.equal(j.experiment, 'cmp');
  assert.deepEqual(
    j.runs.map((x) => [x.name, x.loss.name, x.optimizer.name, x.loss.margin ?? null]),
    [
      ['ce', 'cross_entropy', 'adam', null],
      ['margin', 'multi_margin', 'sgd', 0.5],
    ],
  );
  const text = losslab(['run', 'cmp.losslab.json', '--run', 'ce', '--out', out], dir);
  assert.match(text.stdout, /ce\s+cross_entropy/);
});

test('runs lists recorded runs and marks a run whose process died as interrupted', () => {
  const out = tempDir();
  losslab(['train', dataset('iris.csv'), '--epochs', '2', '--out', out, '--json']);
  // A run left behind by a process that no longer exists: config and some events, no summary.
  const meta = JSON.parse(readFileSync(join(out, readdirSync(out)[0], 'config.json'), 'utf8'));
  const dead = join(out, '20200101-000000-dead-abcdef');
  mkdirSync(dead);
  writeFileSync(
    join(dead, 'config.json'),
    JSON.stringify({ ...meta, id: '20200101-000000-dead-abcdef', pid: 2 ** 22 + 12345 }),
  );
  writeFileSync(join(dead, 'events.jsonl'), '{"type":"start"}\n{"type":"step","ste');
  const j = lastJson<{ runs: { status: string }[] }>(losslab(['runs', '--out', out, '--json']));
  assert.deepEqual(j.runs.map((r) => r.status).sort(), ['completed', 'interrupted']);
});

test('demo trains the bundled sample and prints a comparison table', () => {
  const out = join(tempDir(), 'runs');
  const r = losslab(['demo', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /cross-entropy \+ Adam/);
  assert.match(r.stdout, /focal \+ Adam/);
  assert.match(r.stdout, /accuracy/);
  // The HTML report carries the dashboard bundle and every run's series.
  const report = readFileSync(join(out, '..', 'demo-report.html'), 'utf8');
  assert.match(report, /<script type="application\/json" id="losslab-report">/);
  const embedded = JSON.parse(report.split('id="losslab-report">')[1].split('</script>')[0]) as {
    type: string;
    steps?: unknown[];
  }[];
  assert.equal(embedded.filter((m) => m.type === 'points' && (m.steps?.length ?? 0) > 0).length, 3);
});
