/** The CLI's progress lines warn once when a generate run's rows collapse, and again after they recover. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Progress } from '../../src/cli/progress';
import type { EpochEvent } from '../../src/core/trainer/events';

function epoch(n: number, ratio?: number): EpochEvent {
  const spread = ratio === undefined ? {} : { spread: { ratio, collapsed: ratio < 0.1 } };
  return { type: 'epoch', epoch: n, step: n, trainLoss: 1, valLoss: null, metrics: {}, lr: 0.1, elapsed: 0, ...spread };
}

test('a collapse warning names the epoch and the share of the spread kept, once per collapse', () => {
  let text = '';
  const out = { isTTY: false, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream;
  const p = new Progress('run', out);
  p.handle({
    type: 'start',
    time: 0,
    task: 'generate',
    classes: null,
    trainRows: 10,
    valRows: 0,
    features: 2,
    parameters: 10,
    epochs: 1000,
    stepsPerEpoch: 1,
    totalSteps: 1000,
    layers: 2,
    warnings: [],
  });
  for (const e of [epoch(4), epoch(5, 0.5), epoch(10, 0.05), epoch(15, 0.02), epoch(20, 0.6), epoch(25, 0.01)])
    p.handle(e);
  const warnings = text.split('\n').filter((l) => l.startsWith('warning:'));
  assert.deepEqual(
    warnings.map((l) => /at epoch (\d+): the generated rows keep ([\d.]+)%/.exec(l)?.slice(1)),
    [
      ['10', '5.0'],
      ['25', '1.0'],
    ],
  );
});
