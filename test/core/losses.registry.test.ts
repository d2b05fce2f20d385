import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LossLabError } from '../../src/core/errors';
import { LOSSES, getLoss, lossesForTask } from '../../src/core/losses';
import type { LossBatch } from '../../src/core/losses';
import { checkParam, resolveParams } from '../../src/core/params';
import { TASKS } from '../../src/core/tasks';
import type { Task } from '../../src/core/tasks';

const ALL_IDS = [
  'vae',
  'mse',
  'mae',
  'huber',
  'smooth_l1',
  'log_cosh',
  'quantile',
  'bce',
  'cross_entropy',
  'focal',
  'hinge',
  'squared_hinge',
  'multi_margin',
  'kl_div',
  'contrastive',
  'triplet',
  'dice',
  'jaccard',
  'lambdarank',
  'ranknet',
  'margin_ranking',
  'listnet',
  'multitask',
  'crf',
  'gan_minimax',
  'gan_nonsaturating',
  'lsgan',
  'hinge_gan',
  'wgan',
  'wgan_gp',
];

function lossError(fn: () => unknown): LossLabError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LossLabError, `expected a LossLabError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a LossLabError');
}

test('the registry holds every loss, once', () => {
  assert.deepEqual([...LOSSES.map((l) => l.id)].sort(), [...ALL_IDS].sort());
  for (const id of ALL_IDS) assert.equal(getLoss(id).id, id);
});

test('an unknown loss id lists the valid ids and suggests the nearest', () => {
  const e = lossError(() => getLoss('crossentropy'));
  assert.match(e.message, /did you mean cross_entropy/);
  for (const id of ALL_IDS) assert.ok(e.message.includes(id), `${id} missing from: ${e.message}`);
  assert.equal(e.where.field, 'loss');
  assert.match(lossError(() => getLoss('huberr')).message, /did you mean huber\b/);
  assert.doesNotMatch(lossError(() => getLoss('qqqqqqqqqqqqqqq')).message, /did you mean/);
});

test('lossesForTask returns the losses that fit each task', () => {
  const expected: Record<Task, string[]> = {
    regression: ['mse', 'mae', 'huber', 'smooth_l1', 'log_cosh', 'quantile'],
    binary: ['bce', 'cross_entropy', 'focal', 'hinge', 'squared_hinge', 'multi_margin', 'dice', 'jaccard'],
    multiclass: ['cross_entropy', 'focal', 'multi_margin'],
    distribution: ['kl_div'],
    embedding: ['contrastive', 'triplet'],
    ranking: ['mse', 'lambdarank', 'ranknet', 'margin_ranking', 'listnet'],
    multitask: ['multitask'],
    sequence: ['crf', 'cross_entropy'],
    generate: ['vae', 'gan_minimax', 'gan_nonsaturating', 'lsgan', 'hinge_gan', 'wgan', 'wgan_gp'],
  };
  for (const task of TASKS)
    assert.deepEqual(
      lossesForTask(task)
        .map((l) => l.id)
        .sort(),
      [...expected[task]].sort(),
      task,
    );
});

test('output sizes follow the task', () => {
  const size = (id: string, task: Task, classes: number): number => getLoss(id).outputSize(task, classes);
  assert.equal(size('mse', 'regression', 3), 3);
  assert.equal(size('quantile', 'regression', 1), 1);
  for (const id of ['bce', 'focal', 'hinge', 'squared_hinge', 'dice', 'jaccard'])
    assert.equal(size(id, 'binary', 2), 1, id);
  for (const id of ['cross_entropy', 'multi_margin']) assert.equal(size(id, 'binary', 2), 2, id);
  for (const id of ['cross_entropy', 'multi_margin', 'focal']) assert.equal(size(id, 'multiclass', 5), 5, id);
  assert.equal(size('kl_div', 'distribution', 4), 4);
  for (const id of ['contrastive', 'triplet']) assert.equal(size(id, 'embedding', 3), 0, id);
  const e = lossError(() => size('mse', 'multiclass', 3));
  assert.match(e.message, /mse does not fit a multiclass task; it fits regression/);
});

test('every loss is described, has an arity and valid defaults', () => {
  for (const l of LOSSES) {
    assert.ok(l.title.length > 0 && l.description.length > 20 && !l.description.includes('\n'), l.id);
    assert.equal(l.arity, l.id === 'contrastive' ? 2 : l.id === 'triplet' ? 3 : 1, l.id);
    for (const s of l.params)
      if (s.default !== null)
        assert.deepEqual(checkParam(s, s.default, `loss.${s.name}`), s.default, `${l.id}.${s.name}`);
  }
  const defaults = (id: string): unknown => resolveParams(getLoss(id).params, {}, 'loss', id);
  assert.deepEqual(defaults('huber'), { delta: 1 });
  assert.deepEqual(defaults('smooth_l1'), { beta: 1 });
  assert.deepEqual(defaults('quantile'), { q: 0.5 });
  assert.deepEqual(defaults('bce'), { pos_weight: null });
  assert.deepEqual(defaults('cross_entropy'), { weight: null, label_smoothing: 0 });
  assert.deepEqual(defaults('focal'), { alpha: 0.25, gamma: 2 });
  assert.deepEqual(defaults('multi_margin'), { margin: 1 });
  assert.deepEqual(defaults('contrastive'), { margin: 1 });
  assert.deepEqual(defaults('triplet'), { margin: 1 });
  assert.deepEqual(defaults('dice'), { smooth: 1 });
  assert.deepEqual(defaults('jaccard'), { smooth: 1 });
});

test('parameters out of range are rejected with the field named', () => {
  const bad = (id: string, given: Record<string, unknown>): string =>
    lossError(() => resolveParams(getLoss(id).params, given, 'loss', id)).message;
  assert.match(bad('quantile', { q: 1 }), /loss\.q must be in \(0, 1\)/);
  assert.match(bad('huber', { delta: 0 }), /loss\.delta/);
  assert.match(bad('cross_entropy', { label_smoothing: 1 }), /loss\.label_smoothing/);
  assert.match(bad('cross_entropy', { weight: [1, -1] }), /loss\.weight\[1\]/);
  assert.match(bad('focal', { alpha: 1.5 }), /loss\.alpha/);
  assert.match(bad('mse', { delta: 1 }), /mse takes no parameters/);
});

test('cross-entropy rejects a weight list of the wrong length and targets that are not class indices', () => {
  const ce = getLoss('cross_entropy');
  const batch = (target: number[]): LossBatch => ({
    outputs: [new Float64Array(6)],
    target: Float64Array.from(target),
    n: 2,
    k: 3,
  });
  const e = lossError(() =>
    ce.compute(batch([0, 1]), resolveParams(ce.params, { weight: [1, 2] }, 'loss', 'cross_entropy'), null),
  );
  assert.match(e.message, /loss\.weight has 2 numbers but the model has 3 outputs/);
  const p = resolveParams(ce.params, {}, 'loss', 'cross_entropy');
  assert.match(lossError(() => ce.compute(batch([0, 3]), p, null)).message, /row 2 is 3, not a class index in 0\.\.2/);
  assert.match(lossError(() => ce.compute(batch([0.5, 1]), p, null)).message, /row 1/);
});

test('a batch whose rows all have class weight 0 gives loss 0 and zero gradients, not NaN', () => {
  const ce = getLoss('cross_entropy');
  const b: LossBatch = {
    outputs: [Float64Array.from([1, 2, 3, 0, 1, -1])],
    target: Float64Array.from([1, 1]),
    n: 2,
    k: 3,
  };
  const g = [new Float64Array(6).fill(Number.NaN)];
  assert.equal(ce.compute(b, resolveParams(ce.params, { weight: [1, 0, 1] }, 'loss', 'cross_entropy'), g), 0);
  assert.deepEqual(Array.from(g[0]), [0, 0, 0, 0, 0, 0]);
});
