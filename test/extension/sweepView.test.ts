import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { expandSweep, parseSweep } from '../../src/core/sweep';
import { runDirOf, scriptFileName } from '../../src/extension/exportTarget';
import { renameSweepRuns, sweepView } from '../../src/extension/sweepView';
import { tempDir } from '../cli/run';

test('a sweep view lists each run with its values, numbers kept as numbers, components as in run names', () => {
  const spec = parseSweep({ grid: { 'optimizer.lr': [0.1, 0.01], loss: ['mse', { name: 'huber', delta: 2 }], 'model.hidden': [[32]] } });
  const runs = expandSweep(spec, defaultConfig('data.csv'));
  const view = sweepView('lr', spec, runs, ['a', 'b', 'c', 'd']);
  assert.equal(view.metric, null);
  assert.deepEqual(view.params, [
    { path: 'optimizer.lr', label: 'lr', dist: 'choice' },
    { path: 'loss', label: 'loss', dist: 'choice' },
    { path: 'model.hidden', label: 'hidden', dist: 'choice' },
  ]);
  // itertools.product order: the first axis varies slowest.
  assert.deepEqual(view.runs, [
    { runId: 'a', values: [0.1, 'mse', '[32]'] },
    { runId: 'b', values: [0.1, 'huber(delta=2)', '[32]'] },
    { runId: 'c', values: [0.01, 'mse', '[32]'] },
    { runId: 'd', values: [0.01, 'huber(delta=2)', '[32]'] },
  ]);
});

test('random search keeps its distribution and metric; renaming maps ids and drops unknown ones', () => {
  const spec = parseSweep({ random: { 'optimizer.lr': { logUniform: [1e-4, 1e-1] } }, budget: 3, metric: 'f1' });
  const view = sweepView('r', spec, expandSweep(spec, defaultConfig('data.csv')), ['live-1', 'live-2', 'live-3']);
  assert.equal(view.metric, 'f1');
  assert.equal(view.params[0].dist, 'logUniform');
  for (const r of view.runs) assert.ok((r.values[0] as number) >= 1e-4 && (r.values[0] as number) <= 1e-1);
  const renamed = renameSweepRuns(view, (id) => (id === 'live-2' ? null : id.replace('live', 'run')));
  assert.deepEqual(renamed.runs.map((r) => r.runId), ['run-1', 'run-3']);
});

test('export: a file name from the run name, and run folders only inside the runs directory', () => {
  assert.equal(scriptFileName('adam · cosine'), 'adam-cosine.py');
  assert.equal(scriptFileName('lr=0.01 loss=huber(delta=2)'), 'lr-0.01-loss-huber-delta-2.py');
  assert.equal(scriptFileName('··'), 'losslab-run.py');
  const runs = tempDir();
  mkdirSync(join(runs, '20250101-abc'));
  const live = (key: string) => (key === 'live-1' ? '/somewhere/run' : key === 'live-2' ? null : undefined);
  assert.equal(runDirOf('live-1', live, runs), '/somewhere/run');
  assert.equal(runDirOf('live-2', live, runs), null);
  assert.equal(runDirOf('20250101-abc', live, runs), join(runs, '20250101-abc'));
  assert.equal(runDirOf('missing', live, runs), null);
  assert.equal(runDirOf('..', live, runs), null);
});
