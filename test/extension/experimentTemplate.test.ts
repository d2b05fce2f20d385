import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { parseJsonc, resolveExperiment } from '../../src/core/config/experiment';
import { TASKS } from '../../src/core/tasks';
import { type TemplateOptions, experimentTemplate } from '../../src/core/experimentTemplate';
import { experimentLenses } from '../../src/views/lensPositions';

test("every task's template is a valid experiment with its runs and a lens above each", () => {
  for (const task of TASKS) {
    const group = task === 'ranking' ? 'query' : undefined;
    const sequence = task === 'sequence' ? 'sentence' : undefined;
    const targets = task === 'multitask' ? ['price', 'churn'] : 'y';
    const headTasks = { price: 'regression', churn: 'binary' } as const;
    const text = experimentTemplate('data.csv', targets, task, { group, sequence, headTasks });
    const exp = resolveExperiment(parseJsonc(text, '/w/data.losslab.json'), '/w/data.losslab.json');
    assert.equal(exp.runs.length, task === 'ranking' || task === 'generate' ? 4 : task === 'multitask' ? 3 : 2, task);
    assert.equal(exp.runs[0].data.group, group);
    assert.equal(exp.runs[0].data.sequence, sequence);
    if (task === 'sequence')
      assert.deepEqual(
        exp.runs.map((r) => r.loss.name),
        ['crf', 'cross_entropy'],
      );
    if (task === 'generate') {
      assert.deepEqual(
        exp.runs.map((r) => r.loss.name),
        ['gan_minimax', 'gan_nonsaturating', 'wgan_gp', 'vae'],
      );
      assert.equal(exp.runs[0].data.target, undefined, 'a generate run has no target');
    }
    assert.equal(exp.runs[0].data.path, '/w/data.csv');
    assert.equal(exp.runs[0].data.task, task);
    if (task === 'multitask')
      assert.deepEqual(
        exp.runs.map((r) => [r.data.target, r.data.task, r.loss.name]),
        [
          [['price', 'churn'], 'multitask', 'multitask'],
          ['price', 'regression', 'mse'],
          ['churn', 'binary', 'bce'],
        ],
      );
    assert.notDeepEqual(
      [exp.runs[0].loss, exp.runs[0].optimizer],
      [exp.runs[1].loss, exp.runs[1].optimizer],
      `${task}: the runs differ`,
    );
    assert.equal(experimentLenses(text).filter((l) => l.kind === 'run').length, exp.runs.length);
  }
});

test("New experiment's generate file runs the model picked first, with its settings, and is valid by the schema", () => {
  const validate = new Ajv({ allErrors: true }).compile(
    JSON.parse(readFileSync(join(process.cwd(), 'media', 'losslab.schema.json'), 'utf8')),
  );
  const written = (generator?: TemplateOptions['generator']) => {
    const text = experimentTemplate('data.csv', 'y', 'generate', { generator });
    assert.ok(validate(parseJsonc(text, '/w/data.losslab.json')), JSON.stringify(validate.errors));
    return resolveExperiment(parseJsonc(text, '/w/data.losslab.json'), '/w/data.losslab.json');
  };
  const gp = written({ model: { latent: 4 }, loss: { name: 'wgan_gp', criticSteps: 3, lambda: 5, criticLr: 0.001 } });
  assert.deepEqual(
    gp.runs.map((r) => [r.name, r.loss.name, r.model.latent]),
    [
      ['wgan_gp', 'wgan_gp', 4],
      ['gan minimax', 'gan_minimax', 4],
      ['gan non-saturating', 'gan_nonsaturating', 4],
      ['vae', 'vae', 4],
    ],
  );
  assert.deepEqual(gp.runs[0].loss, {
    name: 'wgan_gp',
    criticSteps: 3,
    lambda: 5,
    criticOptimizer: null,
    criticLr: 0.001,
  });
  // A model outside the comparison is added before it; the critic at the experiment's rate stays implicit.
  const clipped = written({ model: { latent: 8 }, loss: { name: 'wgan', criticSteps: 5, clip: 0.02 } });
  assert.deepEqual(
    clipped.runs.map((r) => r.loss.name),
    ['wgan', 'gan_minimax', 'gan_nonsaturating', 'wgan_gp', 'vae'],
  );
  assert.deepEqual([clipped.runs[0].loss.clip, clipped.runs[0].loss.criticLr], [0.02, null]);
  assert.equal(written().runs[0].model.latent, undefined, 'no pick: the comparison as before');

  // The schema refuses what the picks refuse: a negative λ.
  const bad = experimentTemplate('data.csv', 'y', 'generate', {
    generator: { model: { latent: 8 }, loss: { name: 'wgan_gp', lambda: -1 } },
  });
  assert.equal(validate(parseJsonc(bad, '/w/data.losslab.json')), false);
});
