/** Which surface the dashboard shows per run (runs/surfaceFeed.ts), with a stand-in for the tool worker. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SurfaceView } from '../../src/protocol/webview';
import { type ComputeSurface, SurfaceFeed } from '../../src/runs/surfaceFeed';
import type { SurfaceFeatures } from '../../src/runs/recordedSurface';

const FEATURES = ['a', 'b', 'c'];

function surface(x: string, y: string, epoch = 1): SurfaceView {
  const axis = (name: string) => ({ name, min: 0, max: 1 });
  const points = { x: [], y: [], target: [] };
  return {
    epoch,
    task: 'binary',
    size: 1,
    x: axis(x),
    y: axis(y),
    features: FEATURES,
    classes: null,
    predicted: [0],
    value: [1],
    points,
  };
}

/** A compute that answers when told to, recording what it was asked. */
function deferred() {
  const asked: { dir: string; features: SurfaceFeatures; answer(s: SurfaceView | null): void }[] = [];
  const compute: ComputeSurface = (dir, features) =>
    new Promise((resolve) => asked.push({ dir, features, answer: resolve }));
  return { asked, compute };
}

const flush = () => new Promise((r) => setImmediate(r));

test("the worker's own surface while it draws the picked pair; else one computed from the run's folder", async () => {
  const { asked, compute } = deferred();
  const sent: [string, SurfaceView | null][] = [];
  const feed = new SurfaceFeed(compute, (id, s) => sent.push([id, s]));
  const own = surface('a', 'b');
  feed.refresh('live-1', { surface: own, active: true, dir: '/runs/1' });
  assert.deepEqual(sent, [['live-1', own]]);
  assert.equal(asked.length, 0);
  feed.features = ['c', 'a'];
  feed.refresh('live-1', { surface: own, active: true, dir: '/runs/1' });
  assert.deepEqual(
    asked.map((q) => [q.dir, q.features]),
    [['/runs/1', ['c', 'a']]],
  );
  asked[0].answer(surface('c', 'a'));
  await flush();
  assert.deepEqual(sent[1], ['live-1', surface('c', 'a')]);
  // A pair the run does not have is its first two: the worker's surface again.
  feed.features = ['a', 'zzz'];
  feed.refresh('live-1', { surface: own, active: true, dir: '/runs/1' });
  assert.equal(sent[2][1], own);
});

test("a finished run's computed surface is kept per pair; a late answer to an older request is dropped", async () => {
  const { asked, compute } = deferred();
  const sent: [string, SurfaceView | null][] = [];
  const feed = new SurfaceFeed(compute, (id, s) => sent.push([id, s]), ['b', 'c']);
  const disk = { surface: null, active: false, dir: '/runs/2' };
  feed.refresh('run-2', disk);
  feed.refresh('run-2', disk);
  asked[1].answer(surface('b', 'c', 7));
  asked[0].answer(surface('b', 'c', 6));
  await flush();
  assert.deepEqual(
    sent.map(([, s]) => s?.epoch),
    [7],
  );
  feed.refresh('run-2', disk);
  assert.equal(asked.length, 2, 'kept, not computed again');
  assert.deepEqual(sent[1], ['run-2', surface('b', 'c', 7)]);
  // A live run not yet recorded, without a surface of its own: nothing to send yet.
  feed.refresh('live-3', { surface: null, active: true, dir: null });
  assert.equal(sent.length, 2);
});

test("a user's error (the CSV changed) clears the run's surface; our bug is reported", async () => {
  const bugs: unknown[] = [];
  const sent: (SurfaceView | null)[] = [];
  const { LossLabError } = await import('../../src/core/errors');
  let fail: unknown = new LossLabError('data.csv has changed');
  const feed = new SurfaceFeed(
    () => Promise.reject(fail),
    (_, s) => sent.push(s),
    ['a', 'c'],
    (e) => bugs.push(e),
  );
  feed.refresh('r', { surface: null, active: false, dir: '/r' });
  await flush();
  fail = new TypeError('bug');
  feed.refresh('r', { surface: null, active: true, dir: '/r' });
  await flush();
  assert.deepEqual(sent, [null, null]);
  assert.equal(bugs.length, 1);
  assert.ok(bugs[0] instanceof TypeError);
});
