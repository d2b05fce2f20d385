import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTrajectoryMessage } from '../../src/protocol/trajectories';

const compute = {
  type: 'compute',
  request: 3,
  surface: 'rosenbrock',
  optimizers: [
    { id: 'sgd', lr: 0.001 },
    { id: 'adam', lr: 0.1 },
  ],
  steps: 300,
  weights: null,
};

test('ready and well-formed compute requests pass through unchanged', () => {
  assert.deepEqual(parseTrajectoryMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseTrajectoryMessage(compute), compute);
  const model = { ...compute, surface: 'model', weights: ['w0[1][2]', 'b1[0]'], optimizers: [] };
  assert.deepEqual(parseTrajectoryMessage(model), model);
});

test('anything else is rejected: wrong shapes, extra keys, bad ids, rates, steps and weights', () => {
  const bad: unknown[] = [
    null,
    'ready',
    [],
    { type: 'ready', extra: 1 },
    { type: 'eval', code: '1' },
    { ...compute, extra: true },
    (({ weights: _w, ...rest }) => rest)(compute),
    { ...compute, request: -1 },
    { ...compute, request: 1.5 },
    { ...compute, surface: '../etc' },
    { ...compute, surface: 7 },
    { ...compute, steps: 0 },
    { ...compute, steps: 5001 },
    { ...compute, steps: 10.5 },
    { ...compute, optimizers: 'sgd' },
    { ...compute, optimizers: [{ id: 'sgd' }] },
    { ...compute, optimizers: [{ id: 'sgd', lr: 0 }] },
    { ...compute, optimizers: [{ id: 'sgd', lr: Number.NaN }] },
    { ...compute, optimizers: [{ id: 'sgd', lr: 1e9 }] },
    { ...compute, optimizers: [{ id: 'sgd', lr: '0.1' }] },
    { ...compute, optimizers: [{ id: 'SGD();', lr: 0.1 }] },
    { ...compute, optimizers: [{ id: 'sgd', lr: 0.1, momentum: 0.9 }] },
    {
      ...compute,
      optimizers: [
        { id: 'sgd', lr: 0.1 },
        { id: 'sgd', lr: 0.2 },
      ],
    },
    { ...compute, optimizers: Array.from({ length: 17 }, (_, i) => ({ id: `o${'x'.repeat(i)}`, lr: 0.1 })) },
    { ...compute, weights: ['w0[0][0]'] },
    { ...compute, weights: ['w0[0][0]', 'w0[0][0]'] },
    { ...compute, weights: ['w0[0][0]', 'constructor'] },
    { ...compute, weights: 'w0[0][0],b0[0]' },
  ];
  for (const m of bad) assert.equal(parseTrajectoryMessage(m), null, JSON.stringify(m)?.slice(0, 100));
});
