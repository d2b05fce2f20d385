/** A run's decision surface as the run pool relays it from a real training worker (dist/worker.js). */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { decisionSurface } from '../../src/core/probe/surface';
import { RunManager } from '../../src/runs/runManager';
import { loadLiveRun } from '../../src/runs/trainedModel';
import { loadWeights } from '../../src/core/model/weights';
import { readTrainedRun } from '../../src/io/trainedRun';
import { dataset, tempDir } from '../cli/run';
import { fixturePath } from '../core/fixtures';
import { close } from '../core/assertions';

const WORKER = fixturePath(join('dist', 'worker.js'), '.');

test('surfaces arrive every max(1, epochs/10) epochs and at the end, the last one that of the recorded final weights', async () => {
  const manager = new RunManager(WORKER, 1, () => tempDir());
  const epochs: number[] = [];
  manager.on('surface', (run) => epochs.push(run.surface!.epoch));
  const config = resolveRunConfig({ training: { epochs: 25 } }, defaultConfig(dataset('iris.csv')));
  const run = manager.submit(config);
  await new Promise<void>((resolve) => manager.on('change', () => !run.active && resolve()));
  manager.dispose();
  assert.equal(run.status, 'completed');
  // Every 2 epochs (⌊25/10⌋) from the initial weights on, and the last epoch.
  assert.deepEqual(epochs, [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 25]);
  const live = await loadLiveRun(run.runDir!);
  loadWeights(live.model, readTrainedRun(run.runDir!).final, 'final');
  const expected = decisionSurface(live.model, live.data.dataset);
  const got = run.surface!;
  assert.deepEqual([got.task, got.size, got.x.name, got.y.name], ['multiclass', 60, expected.x.name, expected.y.name]);
  assert.deepEqual(got.predicted, Array.from(expected.predicted));
  got.value.forEach((v, i) => close(v, expected.value[i], 1e-3));
  assert.equal(got.points.x.length, live.data.dataset.val.length);
});
