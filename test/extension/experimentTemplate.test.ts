import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonc, resolveExperiment } from '../../src/core/config/experiment';
import { TASKS } from '../../src/core/tasks';
import { experimentTemplate } from '../../src/core/experimentTemplate';
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
