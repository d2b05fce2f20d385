import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fidelityDir } from './cases';
import { runFolder } from './suite';

const outcomes = runFolder(fidelityDir());

test('the fidelity fixtures hold cases of every kind', () => {
  const kinds = new Set(outcomes.map((o) => o.file));
  for (const f of ['layer.json', 'loss.json', 'optimizer.json', 'schedule.json', 'train.json'])
    assert.ok(kinds.has(f), f);
});

for (const o of outcomes) {
  test(`PyTorch fidelity ${o.file} ${o.label}`, () => assert.ok(o.result.ok, o.result.message));
}
