import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import type { StepPoint } from '../../src/protocol/webview';
import { PointBuffer } from '../../src/views/pointBuffer';
import { flattenConfig } from '../../src/views/runViews';

const point = (step: number): StepPoint => ({
  step,
  epoch: 1,
  t: step / 10,
  loss: 1 / (step + 1),
  lr: 0.01,
  gradNorm: 1,
  layerGradNorms: [1],
  updateRatio: 1e-3,
});

test('points coalesce per run between flushes, in order, and a flush empties the buffer', () => {
  const b = new PointBuffer();
  for (let i = 0; i < 1000; i++) b.add(i % 2 ? 'live-1' : 'live-2', [point(i)], []);
  b.markRunsChanged();
  const first = b.take();
  assert.equal(first.runsChanged, true);
  assert.deepEqual([...first.points.keys()].sort(), ['live-1', 'live-2']);
  assert.deepEqual(
    first.points
      .get('live-1')!
      .steps.map((p) => p.step)
      .slice(0, 3),
    [1, 3, 5],
  );
  assert.equal(first.points.get('live-2')!.steps.length, 500);
  const second = b.take();
  assert.equal(second.runsChanged, false);
  assert.equal(second.points.size, 0);
});

test('the flattened config names every setting by its path, for the comparison table', () => {
  const c = resolveRunConfig(
    {
      loss: { name: 'huber', delta: 0.5 },
      optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
      model: { hidden: [64, 32] },
    },
    defaultConfig('/data/house.csv'),
  );
  const f = flattenConfig(c);
  assert.equal(f.data, 'house.csv');
  assert.equal(f['loss.name'], 'huber');
  assert.equal(f['loss.delta'], 0.5);
  assert.equal(f['optimizer.name'], 'sgd');
  assert.equal(f['optimizer.momentum'], 0.9);
  assert.equal(f['model.hidden'], '64×32');
  assert.equal(f['model.batchNorm'], false);
  assert.equal(f['model.dropout'], 0);
  assert.equal(f['model.bnEps'], undefined, "batch norm's settings only with batch norm");
  const bn = flattenConfig(resolveRunConfig({ model: { hidden: [8], batchNorm: true, bnMomentum: 0.2 } }, c));
  assert.deepEqual([bn['model.batchNorm'], bn['model.bnEps'], bn['model.bnMomentum']], [true, 1e-5, 0.2]);
  assert.equal(f['training.batchSize'], 32);
  assert.equal(f['training.earlyStopping'], null);
});

test("a reset replaces a run's pending points, and what arrives after it is sent as the new series", () => {
  const b = new PointBuffer();
  b.add('live-1', [point(0), point(1)], []);
  b.add('live-2', [point(5)], []);
  b.reset('live-1');
  b.add('live-1', [point(0)], []);
  const { runsChanged, points } = b.take();
  assert.equal(runsChanged, true);
  assert.deepEqual(
    points.get('live-1')!.steps.map((p) => p.step),
    [0],
  );
  assert.equal(points.get('live-1')!.reset, true);
  assert.equal(points.get('live-2')!.reset, false);
  // Only the flush after the reset replaces the series.
  b.add('live-1', [point(1)], []);
  assert.equal(b.take().points.get('live-1')!.reset, false);
});
