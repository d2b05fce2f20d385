import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configText, differingKeys } from '../../webview/configDiff';

test('differingKeys: the keys whose values differ, in first-appearance order', () => {
  const a = {
    name: 'a',
    'optimizer.name': 'adam',
    'optimizer.lr': 0.001,
    'training.epochs': 20,
    'model.hidden': '[32]',
  };
  const b = {
    name: 'b',
    'optimizer.name': 'sgd',
    'optimizer.lr': 0.001,
    'training.epochs': 20,
    'model.hidden': '[32]',
    'optimizer.momentum': 0.9,
  };
  assert.deepEqual(differingKeys([a, b]), ['name', 'optimizer.name', 'optimizer.momentum']);
});

test('differingKeys: a key some runs lack differs; equal values (NaN too) do not', () => {
  const a = { x: 1, y: NaN, z: null };
  const b = { x: 1, y: NaN };
  assert.deepEqual(differingKeys([a, b]), ['z']);
  assert.deepEqual(differingKeys([b, a]), ['z']);
  assert.deepEqual(differingKeys([a, a, { ...a, x: '1' }]), ['x']);
});

test('differingKeys: nothing differs with one run or none', () => {
  assert.deepEqual(differingKeys([{ a: 1 }]), []);
  assert.deepEqual(differingKeys([]), []);
});

test('configText shows missing and null as a dash', () => {
  assert.equal(configText(undefined), '—');
  assert.equal(configText(null), '—');
  assert.equal(configText(false), 'false');
  assert.equal(configText(0.01), '0.01');
});
