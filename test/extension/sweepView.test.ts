import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { listRuns } from '../../src/io/runStore';
import { RunManager } from '../../src/runs/runManager';
import { expandSweep, parseSweep } from '../../src/core/sweep';
import { runDirOf, scriptFileName } from '../../src/io/exportTarget';
import { renameSweepRuns } from '../../src/views/sweepRename';
import { recordedSweepView, sweepView } from '../../src/views/sweepViews';
import { dataset, tempDir } from '../cli/run';
import { fixturePath } from '../core/fixtures';

test('random search keeps its distribution and metric; renaming maps ids and drops unknown ones', () => {
  const spec = parseSweep({ random: { 'optimizer.lr': { logUniform: [1e-4, 1e-1] } }, budget: 3, metric: 'f1' });
  const view = sweepView('r', spec, expandSweep(spec, defaultConfig('data.csv')), ['live-1', 'live-2', 'live-3']);
  assert.equal(view.metric, 'f1');
  assert.equal(view.params[0].dist, 'logUniform');
  for (const r of view.runs) assert.ok((r.values[0] as number) >= 1e-4 && (r.values[0] as number) <= 1e-1);
  const renamed = renameSweepRuns(view, (id) => (id === 'live-2' ? null : id.replace('live', 'run')));
  assert.deepEqual(
    renamed.runs.map((r) => r.runId),
    ['run-1', 'run-3'],
  );
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

test('a sweep started in the extension records its sweep in every run folder, as losslab sweep does', async () => {
  const out = tempDir();
  const manager = new RunManager(fixturePath(join('dist', 'worker.js'), '.'), 2, () => out);
  const spec = parseSweep({ grid: { 'optimizer.lr': [0.1, 0.01], 'model.hidden': [[4], []] } });
  const points = expandSweep(spec, resolveRunConfig({ training: { epochs: 1 } }, defaultConfig(dataset('iris.csv'))));
  const id = randomUUID();
  const runs = points.map((p) => manager.submit(p.config, 'grid', null, undefined, { id, spec, point: p.point }));
  await new Promise<void>((resolve) => manager.on('change', () => runs.every((r) => !r.active) && resolve()));
  manager.dispose();
  const records = listRuns(out);
  assert.equal(records.length, 4);
  const view = recordedSweepView(records);
  assert.ok(view, 'the four records form one sweep');
  // The grid as given, in itertools.product order, one run each.
  const values = records.map((r) => JSON.stringify(r.sweep?.point)).sort();
  const grid = [0.1, 0.01]
    .flatMap((lr) => [[4], []].map((hidden) => JSON.stringify({ 'optimizer.lr': lr, 'model.hidden': hidden })))
    .sort();
  assert.deepEqual(values, grid);
  assert.equal(new Set(records.map((r) => r.sweep?.id)).size, 1);
});
