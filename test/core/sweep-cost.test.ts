/** The order a sweep's runs start in: the costliest first, by a cost that grows with the work a run does. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { longestFirst, runCost } from '../../src/core/sweep/cost';

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
  assert.deepEqual(items.map((i) => i.name), ['a', 'b', 'c', 'd', 'e'], 'the input is left as it was');
});
