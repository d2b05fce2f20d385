import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunStore, type StoreChange } from '../../webview/runStore';
import { epochPoint, runView, stepPoint } from './fixtures';

const change = (): StoreChange => ({ runs: false, series: new Set() });

test('RunStore: colors are the lowest free ones and stay with their run', () => {
  const s = new RunStore();
  s.apply({ type: 'runs', runs: [runView('a'), runView('b'), runView('c')], activeId: null }, 0, change());
  assert.deepEqual(
    ['a', 'b', 'c'].map((id) => s.colorIndex(id)),
    [0, 1, 2],
  );
  // b leaves, d arrives first in the list: d takes b's free color, a and c keep theirs.
  s.apply({ type: 'runs', runs: [runView('d'), runView('a'), runView('c')], activeId: null }, 0, change());
  assert.deepEqual(
    ['d', 'a', 'c'].map((id) => s.colorIndex(id)),
    [1, 0, 2],
  );
});

test("RunStore: the host's color wins, so the side bar's one run wears the panel's color for it", () => {
  const s = new RunStore();
  s.apply({ type: 'runs', runs: [{ ...runView('focal'), color: 1 }], activeId: 'focal' }, 0, change());
  assert.equal(s.colorIndex('focal'), 1);
  // When the host leaves a run without one (a report gives none), the view colors them all itself, so none collide.
  s.apply({ type: 'runs', runs: [runView('x'), { ...runView('focal'), color: 0 }], activeId: 'focal' }, 0, change());
  assert.deepEqual([s.colorIndex('x'), s.colorIndex('focal')], [1, 0]);
});

test('RunStore: points append, resent points are ignored, reset replaces', () => {
  const s = new RunStore();
  const c = change();
  s.apply({ type: 'runs', runs: [runView('a')], activeId: 'a' }, 0, c);
  s.apply({ type: 'points', runId: 'a', steps: [stepPoint(0), stepPoint(1)], epochs: [], reset: true }, 0, c);
  s.apply(
    { type: 'points', runId: 'a', steps: [stepPoint(1), stepPoint(2)], epochs: [epochPoint(1)], reset: false },
    0,
    c,
  );
  assert.deepEqual(
    s.series('a').steps.map((p) => p.step),
    [0, 1, 2],
  );
  assert.equal(s.series('a').epochs.length, 1);
  assert.deepEqual([...c.series], ['a']);
  const version = s.series('a').version;
  s.apply({ type: 'points', runId: 'a', steps: [stepPoint(0)], epochs: [], reset: true }, 0, c);
  assert.deepEqual(
    s.series('a').steps.map((p) => p.step),
    [0],
  );
  assert.ok(s.series('a').version > version, 'a reset tells caches to rebuild');
});

test('RunStore: a run over the cap is thinned, and its version moves', () => {
  const s = new RunStore(1000);
  s.apply({ type: 'runs', runs: [runView('a')], activeId: null }, 0, change());
  const version = s.series('a').version;
  for (let i = 0; i < 5000; i += 100) {
    const steps = Array.from({ length: 100 }, (_, k) => stepPoint(i + k, { loss: i + k === 1234 ? 99 : 1 }));
    s.apply({ type: 'points', runId: 'a', steps, epochs: [], reset: false }, 0, change());
    assert.ok(s.series('a').steps.length <= 1000);
  }
  assert.ok(s.series('a').version > version);
  assert.equal(s.series('a').steps.at(-1)!.step, 4999);
  assert.ok(
    s.series('a').steps.some((p) => p.loss === 99),
    'the spike survives',
  );
});

test('RunStore: series of runs no longer listed are dropped', () => {
  const s = new RunStore();
  s.apply({ type: 'runs', runs: [runView('a')], activeId: null }, 0, change());
  s.apply({ type: 'points', runId: 'a', steps: [stepPoint(0)], epochs: [], reset: true }, 0, change());
  s.apply({ type: 'runs', runs: [runView('b')], activeId: null }, 0, change());
  assert.equal(s.series('a').steps.length, 0);
});

test('RunStore.activeRun: the host’s choice, else the first running, else the last', () => {
  const s = new RunStore();
  const runs = [runView('a'), runView('b', { status: 'running' }), runView('c')];
  s.apply({ type: 'runs', runs, activeId: 'c' }, 0, change());
  assert.equal(s.activeRun()?.id, 'c');
  s.apply({ type: 'runs', runs, activeId: 'gone' }, 0, change());
  assert.equal(s.activeRun()?.id, 'b');
  s.apply({ type: 'runs', runs: [runView('a'), runView('c')], activeId: null }, 0, change());
  assert.equal(s.activeRun()?.id, 'c');
  s.apply({ type: 'runs', runs: [], activeId: null }, 0, change());
  assert.equal(s.activeRun(), null);
});

test('RunStore.elapsed: a running run’s clock advances between updates unless paused', () => {
  const s = new RunStore();
  const running = runView('a', { status: 'running', elapsed: 10 });
  s.apply({ type: 'runs', runs: [running], activeId: null }, 1000, change());
  assert.equal(s.elapsed(running, 3500, false), 12.5);
  assert.equal(s.elapsed(running, 3500, true), 10);
  assert.equal(s.elapsed(runView('b', { elapsed: 7 }), 3500, false), 7);
});

test("RunStore: a generate run's latest rows replace its last ones and leave with the run", () => {
  const s = new RunStore();
  const c = change();
  s.apply({ type: 'runs', runs: [runView('g')], activeId: 'g' }, 0, c);
  const rows = (epoch: number) => ({
    epoch,
    real: [{ kind: 'numeric' as const, name: 'a', values: [1, 2] }],
    synthetic: [{ kind: 'numeric' as const, name: 'a', values: [epoch] }],
    baselines: { independent: { ks_mean: 0.2 } },
  });
  s.apply({ type: 'generated', runId: 'g', generated: rows(5) }, 0, c);
  s.apply({ type: 'generated', runId: 'g', generated: rows(10) }, 0, c);
  assert.equal(s.generated('g')?.epoch, 10);
  assert.ok(c.series.has('g'));
  s.apply({ type: 'runs', runs: [runView('h')], activeId: 'h' }, 0, change());
  assert.equal(s.generated('g'), null);
});
