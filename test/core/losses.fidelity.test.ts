import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLossCase, readLossCases } from './lossCase';

const cases = readLossCases();

test('the loss fixtures are present', () => {
  assert.ok(cases.length > 0, 'no loss cases in test/fixtures/fidelity/loss.json');
});

cases.forEach((c, i) => {
  test(`loss fixture #${i} ${c.name} ${JSON.stringify(c.params)} matches PyTorch`, () => {
    const errors = checkLossCase(c);
    assert.deepEqual(errors, [], `${c.doc ?? ''}\n${errors.slice(0, 10).join('\n')}`);
  });
});
