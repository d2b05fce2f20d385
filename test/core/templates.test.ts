import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseJsonc, resolveExperiment } from '../../src/core/config/experiment';
import { LossLabError } from '../../src/core/errors';
import type { Task } from '../../src/core/tasks';
import { TEMPLATES, balancedWeights, getTemplate } from '../../src/core/templates';
import { dataset, losslab, workspace } from '../cli/run';

const TASKS: Task[] = ['regression', 'binary', 'multiclass', 'distribution', 'embedding'];

function counts(task: Task): number[] | undefined {
  return task === 'binary' ? [80, 20] : task === 'multiclass' ? [50, 30, 20] : undefined;
}

test('every template writes an experiment file that resolves, for each task it fits, with a comment first', () => {
  const ids = TEMPLATES.map((t) => t.id);
  assert.deepEqual(ids, [
    'outliers',
    'imbalance',
    'learning-rate',
    'batch-size',
    'decay',
    'warmup',
    'optimizers',
    'pretraining',
  ]);
  for (const t of TEMPLATES) {
    for (const task of TASKS) {
      const target = task === 'distribution' ? ['p0', 'p1'] : 'y';
      if (!t.tasks.includes(task)) {
        assert.throws(() => t.build('data.csv', target, task, counts(task)), LossLabError, `${t.id} on ${task}`);
        continue;
      }
      const text = t.build('data/my data.csv', target, task, counts(task));
      assert.match(text, /^\/\/ /, t.id);
      const exp = resolveExperiment(parseJsonc(text, '/w/x.losslab.json'), '/w/x.losslab.json');
      assert.ok(exp.runs.length >= 2, `${t.id}: ${exp.runs.length} runs`);
      for (const r of exp.runs) {
        assert.equal(r.data.path, '/w/data/my data.csv');
        assert.deepEqual(r.data.target, target);
        assert.equal(r.data.task, task);
      }
    }
  }
});

test('what each template compares', () => {
  const runs = (id: string, task: Task) =>
    resolveExperiment(parseJsonc(getTemplate(id).build('d.csv', 'y', task, counts(task)), 'x.json'), 'x.json').runs;
  assert.deepEqual(
    runs('outliers', 'regression').map((r) => r.loss.name),
    ['mse', 'mae', 'huber'],
  );
  assert.deepEqual(
    runs('imbalance', 'multiclass').map((r) => r.loss.name),
    ['cross_entropy', 'cross_entropy', 'focal'],
  );
  assert.deepEqual(
    runs('batch-size', 'binary').map((r) => r.training.batchSize),
    [1, 10, 100, 'full'],
  );
  const lrs = runs('learning-rate', 'regression').map((r) => r.optimizer.lr as number);
  assert.ok(lrs[0] < lrs[1] && lrs[1] < lrs[2]);
  assert.deepEqual(
    runs('decay', 'regression').map((r) => r.schedule.name),
    ['constant', 'step', 'cosine'],
  );
  assert.deepEqual(
    runs('warmup', 'regression').map((r) => r.schedule.name),
    ['cosine', 'warmup_cosine'],
  );
  assert.deepEqual(
    runs('optimizers', 'multiclass').map((r) => [r.optimizer.name, r.optimizer.momentum ?? null]),
    [
      ['sgd', 0],
      ['sgd', 0.9],
      ['adagrad', null],
      ['rmsprop', 0],
      ['adam', null],
      ['adamw', null],
    ],
  );
  assert.deepEqual(
    runs('pretraining', 'binary').map((r) => [r.data.labelFraction ?? 1, r.pretrain?.method ?? null]),
    [
      [0.05, null],
      [0.05, 'info_nce'],
      [1, null],
      [1, 'info_nce'],
    ],
  );
});

test('class weights are the inverse frequencies n / (C · n_c), all ones when balanced', () => {
  assert.deepEqual(balancedWeights([50, 50]), [1, 1]);
  assert.deepEqual(balancedWeights([80, 20]), [0.625, 2.5]);
  assert.deepEqual(balancedWeights([60, 30, 10]), [0.5556, 1.111, 3.333]);
  const exp = resolveExperiment(
    parseJsonc(getTemplate('imbalance').build('d.csv', 'y', 'binary', [80, 20]), 'x.json'),
    'x.json',
  );
  assert.deepEqual(exp.runs[1].loss.weight, [0.625, 2.5]);
  assert.throws(() => getTemplate('imbalance').build('d.csv', 'y', 'binary'), /needs the number of rows of each class/);
  assert.throws(() => getTemplate('outlier'), /unknown template 'outlier'; templates: outliers, imbalance/);
});

test('losslab new writes the template next to the CSV, on its target, and the file runs', () => {
  const dir = workspace({ 'cancer.csv': readFileSync(dataset('breast_cancer.csv')) });
  const r = losslab(['new', 'imbalance', 'cancer.csv'], dir);
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'cancer.imbalance.losslab.json'), 'utf8');
  // 357 benign and 212 malignant rows: 569 / (2 · 357) and 569 / (2 · 212), to four digits.
  assert.match(text, /"weight": \[0\.7969, 1\.342\]/);
  assert.match(text, /"path": "cancer\.csv", "target": "diagnosis", "task": "binary"/);
  assert.equal(losslab(['new', 'imbalance', 'cancer.csv'], dir).code, 2, 'does not overwrite');
  const other = losslab(['new', 'outliers', 'cancer.csv', '-o', 'sub.losslab.json'], dir);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /template outliers needs a regression target; 'diagnosis' is binary/);
  const run = losslab(['run', 'cancer.imbalance.losslab.json', '--quiet', '--json', '--out', join(dir, 'runs')], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout.trim().split('\n').at(-1)!).runs.length, 3);
});
