import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCases, runOptimizerCase, type OptimizerCase } from './optimizerCase';

const cases = loadCases<OptimizerCase>('optimizer.json');

test('optimizer fixtures are present', () => {
  assert.ok(cases.length > 0);
});

cases.forEach((c, i) => {
  test(`optimizer fidelity #${i} ${c.name} ${JSON.stringify(c.params)}`, () => {
    const r = runOptimizerCase(c);
    assert.ok(r.ok, r.message);
  });
});
