import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { parseJsonc, pickRun, resolveExperiment } from '../../src/core/config/experiment';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { LossLabError } from '../../src/core/errors';

const base = defaultConfig('data.csv');

function rejects(raw: unknown, message: RegExp, field?: string): void {
  assert.throws(
    () => resolveRunConfig(raw, base),
    (e: unknown) =>
      e instanceof LossLabError && message.test(e.message) && (field === undefined || e.where.field === field),
  );
}

test('defaults are filled in, with PyTorch defaults for the optimizer', () => {
  const c = resolveRunConfig({}, base);
  assert.equal(c.optimizer.name, 'adam');
  assert.equal(c.optimizer.lr, 0.01);
  assert.deepEqual(c.optimizer.betas, [0.9, 0.999]);
  assert.equal(c.optimizer.eps, 1e-8);
  assert.equal(c.schedule.name, 'constant');
  assert.equal(c.training.batchSize, 32);
  assert.equal(c.data.valSplit, 0.2);
});

test('components can be a string or an object; the learning rate carries over a change of optimizer', () => {
  const c = resolveRunConfig({ optimizer: { name: 'adam', lr: 0.003 }, loss: 'huber' }, base);
  assert.equal(c.loss.name, 'huber');
  assert.equal(c.loss.delta, 1);
  const d = resolveRunConfig({ optimizer: 'sgd' }, c);
  assert.equal(d.optimizer.name, 'sgd');
  assert.equal(d.optimizer.lr, 0.003);
  assert.equal(d.optimizer.momentum, 0);
  assert.equal(d.optimizer.betas, undefined);
  const e = resolveRunConfig({ optimizer: { momentum: 0.9 } }, d);
  assert.equal(e.optimizer.momentum, 0.9);
  assert.equal(e.optimizer.lr, 0.003);
});

test('validation messages name the field path and what is allowed', () => {
  rejects(
    { optimizer: { name: 'adam', betas: [0.9, 1.2] } },
    /^optimizer\.betas\[1\] must be in \[0, 1\), got 1\.2$/,
    'optimizer.betas[1]',
  );
  rejects(
    { optimizer: { name: 'adam', beta: 0.9 } },
    /optimizer\.beta is not a parameter of adam \(did you mean betas\?\)/,
  );
  rejects({ training: { epochs: 0 } }, /training\.epochs must be in \[1, /, 'training.epochs');
  rejects({ training: { batchSize: 'half' } }, /training\.batchSize must be a number/);
  rejects({ training: { epoch: 3 } }, /training\.epoch is not a known field \(did you mean 'epochs'\?\)/);
  rejects(
    { model: { activation: 'rel' } },
    /model\.activation must be one of relu, .*got "rel" \(did you mean 'relu'\?\)/,
  );
  rejects({ model: { hidden: [64, 0] } }, /model\.hidden\[1\] must be in \[1, /);
  rejects({ data: { task: 'clustering' } }, /data\.task must be one of regression, binary, multiclass/);
  rejects({ loss: { name: 'quantile', q: 1.5 } }, /loss\.q must be in/);
  rejects({ loss: 'hubber' }, /unknown loss.*hubber.*huber/, 'loss.name');
  rejects({ schedule: { name: 'step', gamma: 'x' } }, /schedule\.gamma must be a number, got "x"/);
});

test('experiment files: comments, shared settings, per-run overrides, paths relative to the file', () => {
  const text = `{
    // shared
    "name": "outliers",
    "data": {"path": "sub/housing.csv", "target": "price"},
    "training": {"epochs": 7},
    "runs": [
      {"name": "mse", "loss": "mse"},
      {"name": "huber", "loss": {"name": "huber", "delta": 0.5}, "training": {"epochs": 9}},
    ],
  }`;
  const exp = resolveExperiment(parseJsonc(text, '/w/x.losslab.json'), '/w/x.losslab.json');
  assert.equal(exp.name, 'outliers');
  assert.deepEqual(
    exp.runs.map((r) => [r.name, r.loss.name, r.loss.delta ?? null, r.training.epochs, r.data.path, r.data.target]),
    [
      ['mse', 'mse', null, 7, '/w/sub/housing.csv', 'price'],
      ['huber', 'huber', 0.5, 9, '/w/sub/housing.csv', 'price'],
    ],
  );
  assert.equal(pickRun(exp, 'huber').loss.delta, 0.5);
  assert.throws(() => pickRun(exp, 'hubr'), /has no run 'hubr' \(did you mean 'huber'\?\); runs: 'mse', 'huber'/);
});

test('experiment errors name the file, the run and the field; JSON errors the line and column', () => {
  const f = '/w/e.losslab.json';
  assert.throws(
    () => resolveExperiment({ data: { path: 'a.csv' }, runs: [{ name: 'a' }, { name: 'b', training: { l2: -1 } }] }, f),
    (e: unknown) =>
      e instanceof LossLabError &&
      /^\/w\/e\.losslab\.json: runs\[1\]\.training\.l2 must be in \[0, inf\), got -1$/.test(e.message) &&
      e.where.field === 'runs[1].training.l2',
  );
  assert.throws(
    () => resolveExperiment({ data: { path: 'a.csv' }, runs: [{ name: 'a' }, { name: 'a' }] }, f),
    /name 'a' is used by two runs/,
  );
  assert.throws(() => resolveExperiment({ runs: [] }, f), /data\.path is required/);
  assert.throws(
    () => parseJsonc('{\n  "a": 1,\n  "b": }', f),
    (e: unknown) =>
      e instanceof LossLabError && e.where.line === 3 && /e\.losslab\.json:3:\d+: invalid JSON/.test(e.message),
  );
});
