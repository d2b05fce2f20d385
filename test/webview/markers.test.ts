/** Live-control markers on the charts, from a run's recorded controls; the rate field's parsing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ControlPoint } from '../../src/protocol/webview';
import { parseLr } from '../../webview/parseLr';
import { controlMarkers, runMarkers } from '../../webview/markers';
import { RunStore, type StoreChange } from '../../webview/runStore';
import { runView, stepPoint } from './fixtures';

const controls: ControlPoint[] = [
  { step: 40, t: 2, action: 'lr', lr: 0.003 },
  { step: 100, t: 5, action: 'pause', lr: null },
  { step: 100, t: 65, action: 'resume', lr: null },
  { step: 150, t: 70, action: 'stop', lr: null },
];

test('on the step axis a control sits at its step; a pause and its resume share one labelled line', () => {
  assert.deepEqual(controlMarkers(controls, 'step', 20, 'red'), [
    { x: 40, label: 'lr → 0.003', color: 'red' },
    { x: 100, label: 'paused · resumed', color: 'red' },
    { x: 150, label: 'stopped', color: 'red' },
  ]);
});

test('on the epoch axis at step / steps per epoch; on the time axis at its time, the pause and resume apart', () => {
  assert.deepEqual(
    controlMarkers(controls, 'epoch', 20, 'red').map((m) => m.x),
    [2, 5, 7.5],
  );
  assert.deepEqual(
    controlMarkers(controls, 'time', 20, 'red').map((m) => [m.x, m.label]),
    [
      [2, 'lr → 0.003'],
      [5, 'paused'],
      [65, 'resumed'],
      [70, 'stopped'],
    ],
  );
  assert.deepEqual(controlMarkers(controls, 'epoch', 0, 'red'), [], 'no epoch position without steps per epoch');
});

test('the store keeps controls from points messages, once each, and replaces them on reset; results per run', () => {
  const store = new RunStore();
  const change = (): StoreChange => ({ runs: false, series: new Set() });
  store.apply({ type: 'runs', runs: [runView('a', { totalSteps: 200, epochs: 10 })], activeId: 'a' }, 0, change());
  store.apply(
    { type: 'points', runId: 'a', steps: [stepPoint(0)], epochs: [], controls: controls.slice(0, 2), reset: true },
    0,
    change(),
  );
  // A resend of the same control (a reloaded view catching up) is not a second marker.
  store.apply(
    { type: 'points', runId: 'a', steps: [stepPoint(1)], epochs: [], controls: controls.slice(1), reset: false },
    0,
    change(),
  );
  assert.deepEqual(store.series('a').controls, controls);
  assert.deepEqual(
    runMarkers(store.runs, store, 'epoch', () => 'blue').map((m) => m.x),
    [2, 5, 7.5],
    '200 steps over 10 epochs: 20 per epoch',
  );
  store.apply({ type: 'points', runId: 'a', steps: [], epochs: [], reset: true }, 0, change());
  assert.deepEqual(store.series('a').controls, []);

  const results = {
    kind: 'classification' as const,
    split: 'validation' as const,
    classes: ['x', 'y'],
    confusion: [
      [1, 0],
      [0, 1],
    ],
    report: {
      perClass: [],
      accuracy: 1,
      macro: { precision: 1, recall: 1, f1: 1, support: 2 },
      weighted: { precision: 1, recall: 1, f1: 1, support: 2 },
    },
  };
  store.apply({ type: 'results', runId: 'a', results }, 0, change());
  assert.equal(store.results('a'), results);
  store.apply({ type: 'runs', runs: [], activeId: null }, 0, change());
  assert.equal(store.results('a'), null, 'forgotten with its run');
});

test('the rate field takes plain and e-notation numbers above zero, nothing else', () => {
  for (const [text, v] of [
    ['0.003', 0.003],
    [' 3e-3 ', 0.003],
    ['1E-4', 1e-4],
    ['.5', 0.5],
    ['2', 2],
    ['+0.1', 0.1],
  ] as const)
    assert.equal(parseLr(text), v, text);
  for (const text of ['', '0', '-0.1', '1e400', 'abc', '0x10', '1/3', 'Infinity', 'NaN', '1e-3; stop'])
    assert.equal(parseLr(text), null, text);
});
