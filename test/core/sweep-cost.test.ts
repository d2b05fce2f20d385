/** The order a sweep's runs start in: the costliest first, by a cost that grows with the work a run does. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { LossLabError } from '../../src/core/errors';
import { loadData } from '../../src/io/data';
import { longestFirst, runCost } from '../../src/core/sweep/cost';
import { startLongestFirst, sweepJob } from '../../src/runs/sweepQueue';
import { dataset } from '../cli/run';

const config = (training: Record<string, unknown>) => resolveRunConfig({ training }, defaultConfig('data.csv'));

test('a run costs more with more epochs, rows or parameters, and less with larger batches', () => {
  const base = runCost(config({ epochs: 10, batchSize: 32 }), 1000, 800, 1000);
  assert.ok(runCost(config({ epochs: 20, batchSize: 32 }), 1000, 800, 1000) > base);
  assert.ok(runCost(config({ epochs: 10, batchSize: 32 }), 2000, 800, 1000) > base);
  assert.ok(runCost(config({ epochs: 10, batchSize: 32 }), 1000, 1600, 2000) > base);
  assert.ok(runCost(config({ epochs: 10, batchSize: 'full' }), 1000, 800, 1000) < base);
  // Twice the epochs is twice the work: every part of the cost is per epoch.
  assert.equal(runCost(config({ epochs: 20, batchSize: 32 }), 1000, 800, 1000), 2 * base);
});

test('longestFirst puts the costliest first and keeps the given order among equals', () => {
  const items = [
    { name: 'a', cost: 1 },
    { name: 'b', cost: 5 },
    { name: 'c', cost: 3 },
    { name: 'd', cost: 5 },
    { name: 'e', cost: 1 },
  ];
  assert.deepEqual(
    longestFirst(items, (i) => i.cost).map((i) => i.name),
    ['b', 'd', 'c', 'a', 'e'],
  );
  assert.deepEqual(
    items.map((i) => i.name),
    ['a', 'b', 'c', 'd', 'e'],
    'the input is left as it was',
  );
});

test('startLongestFirst starts the costliest first and answers in the given order', () => {
  const jobs = [
    { name: 'a', cost: 1 },
    { name: 'b', cost: 5 },
    { name: 'c', cost: 3 },
    { name: 'd', cost: 5 },
    { name: 'e', cost: 1 },
  ];
  const started: string[] = [];
  const results = startLongestFirst(jobs, (j) => {
    started.push(j.name);
    return `run ${j.name}`;
  });
  assert.deepEqual(started, ['b', 'd', 'c', 'a', 'e']);
  assert.deepEqual(results, ['run a', 'run b', 'run c', 'run d', 'run e']);
});

test('a sweep job costs in proportion to its epochs and its parameter count, and names its run on a user error', async () => {
  const base = resolveRunConfig(
    { data: { target: 'species' }, training: { epochs: 10, batchSize: 16 } },
    defaultConfig(dataset('iris.csv')),
  );
  const data = await loadData(base);
  const job = (name: string, raw: Record<string, unknown>) =>
    sweepJob({ name, point: {}, config: resolveRunConfig({ ...raw, data: { target: 'species' } }, base) }, data);
  const linear = job('linear', {});
  // Iris has 4 features and 3 classes: 4·3 + 3 = 15 parameters linear, 4·8 + 8 + 8·3 + 3 = 67 with 8 hidden units.
  assert.ok(Math.abs(job('mlp', { model: { hidden: [8] } }).cost / linear.cost - 67 / 15) < 1e-12);
  assert.equal(job('long', { training: { epochs: 20 } }).cost, 2 * linear.cost);
  const started: string[] = [];
  const jobs = [linear, job('long', { training: { epochs: 20 } }), job('mlp', { model: { hidden: [8] } })];
  startLongestFirst(jobs, (j) => started.push(j.run.name));
  assert.deepEqual(started, ['mlp', 'long', 'linear']);
  assert.throws(
    () => job('bad', { loss: 'mse' }),
    (e: unknown) => e instanceof LossLabError && /^sweep run 'bad': /.test(e.message),
  );
});
