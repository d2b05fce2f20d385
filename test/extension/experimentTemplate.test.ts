import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonc, resolveExperiment } from '../../src/core/config/experiment';
import { TASKS } from '../../src/core/tasks';
import { experimentTemplate } from '../../src/core/experimentTemplate';
import { experimentLenses } from '../../src/views/lensPositions';

test("every task's template is a valid experiment with two runs and a lens above each", () => {
  for (const task of TASKS) {
    const text = experimentTemplate('data.csv', 'y', task);
    const exp = resolveExperiment(parseJsonc(text, '/w/data.losslab.json'), '/w/data.losslab.json');
    assert.equal(exp.runs.length, 2, task);
    assert.equal(exp.runs[0].data.path, '/w/data.csv');
    assert.equal(exp.runs[0].data.task, task);
    assert.notDeepEqual(
      [exp.runs[0].loss, exp.runs[0].optimizer],
      [exp.runs[1].loss, exp.runs[1].optimizer],
      `${task}: the runs differ`,
    );
    assert.equal(experimentLenses(text).filter((l) => l.kind === 'run').length, 2);
  }
});
