/** The sweep card's data, from a sweep's expanded runs and from the records of a sweep the CLI trained. */
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { listRuns } from '../../src/io/runStore';
import { expandSweep, parseSweep } from '../../src/core/sweep';
import { recordedSweepView, sweepView } from '../../src/views/sweepViews';
import { dataset, lastJson, losslab, tempDir } from '../cli/run';

test('a sweep view lists each run with its values, numbers kept as numbers, components as in run names', () => {
  const spec = parseSweep({
    grid: { 'optimizer.lr': [0.1, 0.01], loss: ['mse', { name: 'huber', delta: 2 }], 'model.hidden': [[32]] },
  });
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

/** `losslab sweep` on iris over a 2 × 2 grid, its runs recorded in `<tmp>/runs`. */
function irisSweep(lrs: string, out = join(tempDir(), 'runs')): { out: string; report: string | null } {
  const r = losslab([
    'sweep',
    dataset('iris.csv'),
    '--lr',
    lrs,
    '--hidden',
    '[8],[4,4]',
    '--epochs',
    '2',
    '--workers',
    '2',
    '--out',
    out,
    '--quiet',
    '--json',
    '--report',
  ]);
  assert.equal(r.code, 0, r.stderr);
  return { out, report: lastJson<{ report: string | null }>(r).report };
}

test('the records of a real sweep give back its swept settings, every run and the grid it had', () => {
  const { out, report } = irisSweep('0.1,0.01');
  const records = listRuns(out);
  assert.equal(records.length, 4);
  const view = recordedSweepView(records);
  assert.ok(view, 'the four runs form a sweep');
  assert.equal(view.name, 'iris sweep');
  assert.equal(view.metric, null);
  assert.deepEqual(view.params, [
    { path: 'optimizer.lr', label: 'lr', dist: 'choice' },
    { path: 'model.hidden', label: 'hidden', dist: 'choice' },
  ]);
  assert.deepEqual(view.runs.map((r) => r.runId).sort(), records.map((r) => r.id).sort());
  // The grid passed on the command line, each combination once.
  const grid = view.runs.map((r) => JSON.stringify(r.values)).sort();
  assert.deepEqual(grid, ['[0.01,"[4,4]"]', '[0.01,"[8]"]', '[0.1,"[4,4]"]', '[0.1,"[8]"]']);
  // Each row's values are the settings its run trained with.
  for (const row of view.runs) {
    const config = records.find((r) => r.id === row.runId)!.meta.config;
    assert.deepEqual(row.values, [config.optimizer.lr, `[${config.model.hidden.join(',')}]`]);
  }
  // The sweep's report lands beside the runs folder, as the demo's does.
  assert.equal(report, join(dirname(out), 'sweep-report.html'));
  assert.ok(existsSync(report));
});

test('runs of two sweeps, a single run, or records without sweep.json form no sweep', () => {
  const { out } = irisSweep('0.1,0.01');
  irisSweep('0.05,0.02', out);
  const records = listRuns(out);
  assert.equal(records.length, 8);
  assert.equal(recordedSweepView(records), null, 'two sweeps');
  const first = records.filter((r) => r.sweep?.id === records[0].sweep?.id);
  assert.equal(first.length, 4);
  assert.equal(recordedSweepView(first)?.runs.length, 4);
  assert.equal(recordedSweepView(first.slice(0, 1)), null, 'one run');
  rmSync(join(first[1].dir, 'sweep.json'));
  assert.equal(
    recordedSweepView(listRuns(out).filter((r) => first.some((f) => f.id === r.id))),
    null,
    'an older record',
  );
});
