import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextGenerated } from '../../src/views/generatedView';

const col = (values: number[]) => [{ kind: 'numeric' as const, name: 'a', values }];

test('the host keeps the real rows and the baselines of the first rows a generate run sends, with its latest generated ones', () => {
  const first = nextGenerated(null, { epoch: 5, synthetic: col([1]), real: col([9]), baselines: { independent: {} } });
  assert.deepEqual(first, { epoch: 5, synthetic: col([1]), real: col([9]), baselines: { independent: {} } });
  assert.deepEqual(nextGenerated(first, { epoch: 10, synthetic: col([2]) }), {
    epoch: 10,
    synthetic: col([2]),
    real: col([9]),
    baselines: { independent: {} },
  });
  // Without the first message (a view opened late on a remote run), nothing to draw them against.
  assert.equal(nextGenerated(null, { epoch: 10, synthetic: col([2]) }), null);
});
