import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StepPoint } from '../../src/protocol/webview';
import { divergenceLabel, lastFinite, suggestedRestartLr } from '../../src/views/divergence';

const step = (s: number, loss: number, gradNorm: number) =>
  ({ step: s, epoch: 0, t: s, loss, lr: 1, gradNorm, layerGradNorms: [], updateRatio: 0 }) as StepPoint;

test('lastFinite: the last step before the diverged one with a finite loss and gradient norm', () => {
  const steps = [step(0, 2, 1), step(1, 3, 5), step(2, 9, Infinity), step(3, NaN, NaN)];
  assert.deepEqual(lastFinite(steps, 3), { step: 1, loss: 3, gradNorm: 5 });
  assert.deepEqual(lastFinite(steps, 1), { step: 0, loss: 2, gradNorm: 1 });
  assert.equal(lastFinite(steps, 0), null);
});

test('divergenceLabel names the step and the last finite values; the restart suggests a third of the rate', () => {
  const f = (x: number) => String(x);
  assert.equal(
    divergenceLabel(3, { step: 1, loss: 3, gradNorm: 5 }, f),
    'diverged at step 3 · last finite (step 1): loss 3, grad norm 5',
  );
  assert.equal(divergenceLabel(0, null, f), 'diverged at step 0 · no finite step before it');
  assert.equal(suggestedRestartLr(0.3), 0.1);
  assert.equal(suggestedRestartLr(1), 0.333);
});
