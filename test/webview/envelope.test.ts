import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envelopeBuckets, envelopeEdges } from '../../webview/envelope';
import { stepLines, type Pt } from '../../webview/series';
import { stepPoint } from './fixtures';

/** A noisy loss with spikes, deterministic (a linear congruential generator). */
function noisy(n: number): Pt[] {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, (_, i) => ({ x: i, y: Math.exp(-i / n) + 0.1 * rand() + (i % 997 === 0 ? 5 : 0) }));
}

test('envelope: every raw point lies inside its bucket, and there are at most as many buckets as asked', () => {
  for (const [n, count] of [
    [50_000, 600],
    [1234, 100],
    [7, 3],
    [3, 600],
  ]) {
    const pts = noisy(n);
    const steps = pts.map((p) => p.x);
    const buckets = envelopeBuckets(pts, steps, count);
    assert.ok(buckets.length <= count, `${buckets.length} buckets for ${count}`);
    let k = 0;
    for (const p of pts) {
      // A point on an edge belongs to the bucket on its right.
      while (k + 1 < buckets.length && p.x >= buckets[k + 1].x0) k++;
      const b = buckets[k];
      assert.ok(b && b.x0 <= p.x && p.x <= b.x1, `x ${p.x} outside every bucket`);
      assert.ok(b.min <= p.y && p.y <= b.max, `point ${p.x}, ${p.y} outside [${b.min}, ${b.max}]`);
    }
    // The extremes are the data's own, not widened: each bucket's min and max are points of it.
    for (const b of buckets) {
      const inside = pts.filter((p) => p.x >= b.x0 && p.x <= b.x1).map((p) => p.y);
      assert.ok(inside.includes(b.min) && inside.includes(b.max));
    }
  }
});

test('envelope: the spikes survive, and the edges are stairs sorted by x', () => {
  const pts = noisy(50_000);
  const buckets = envelopeBuckets(
    pts,
    pts.map((p) => p.x),
    500,
  );
  const top = Math.max(...buckets.map((b) => b.max));
  assert.equal(top, Math.max(...pts.map((p) => p.y)));
  const { upper, lower } = envelopeEdges(buckets);
  assert.equal(upper.points.length, 2 * buckets.length);
  assert.equal(lower.points.length, 2 * buckets.length);
  for (let i = 1; i < upper.points.length; i++) assert.ok(upper.points[i].x >= upper.points[i - 1].x);
  assert.deepEqual(upper.points.slice(0, 2), [
    { x: buckets[0].x0, y: buckets[0].max },
    { x: buckets[0].x1, y: buckets[0].max },
  ]);
});

test('envelope: one x for every point (a single bucket); nothing for no points', () => {
  const same = [1, 3, 2].map((y) => ({ x: 5, y }));
  assert.deepEqual(envelopeBuckets(same, [0, 1, 2], 10), [{ x0: 5, x1: 5, min: 1, max: 3, s0: 0, s1: 2 }]);
  assert.deepEqual(envelopeBuckets([], [], 10), []);
});

test('stepLines: a long series draws its envelope under the smoothed line, a short one its raw trace', () => {
  const steps = noisy(5000).map((p) => stepPoint(p.x, { loss: p.y }));
  const xs = steps.map((p) => p.step);
  const o = { smoothing: 0.9, log: false, envelope: 600 };
  const long = stepLines('step', 'train', steps, (p) => p.loss, xs, o);
  assert.deepEqual(
    long.map((l) => l.key),
    ['step:max', 'step:min', 'step'],
  );
  assert.equal(long[0].style.fillToNext, true);
  assert.ok(long[0].points.length <= 2 * 600);
  assert.equal(long[2].points.length, 5000, 'the smoothed line keeps every point');
  // Without smoothing, the raw line is drawn over its envelope.
  assert.deepEqual(
    stepLines('step', 'train', steps, (p) => p.loss, xs, { ...o, smoothing: 0 }).map((l) => l.key),
    ['step:max', 'step:min', 'step'],
  );
  const short = stepLines('step', 'train', steps.slice(0, 1000), (p) => p.loss, xs, o);
  assert.deepEqual(
    short.map((l) => l.key),
    ['step:raw', 'step'],
  );
});
