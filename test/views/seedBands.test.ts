import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochPoint, RunView } from '../../src/protocol/webview';
import { band, difference, groupBand, seedGroups } from '../../src/views/seedBands';

const run = (id: string, group: string | undefined, seed: number, status: RunView['status'] = 'completed') =>
  ({ id, name: id, group, seed, status }) as RunView;
const points = (losses: number[]): EpochPoint[] =>
  losses.map((valLoss, i) => ({ epoch: i + 1, step: i, t: i, trainLoss: 0, valLoss, metrics: {} }));

test('band: mean with min–max, or mean ± sample std, by hand; a column with a NaN is left out', () => {
  const cols = [
    [1, 2, 3],
    [2, 2, 2],
    [0, NaN, 1],
  ];
  assert.deepEqual(band([1, 2, 3], cols, 'minmax'), { x: [1, 2], mean: [2, 2], lo: [1, 2], hi: [3, 2] });
  assert.deepEqual(band([1, 2, 3], cols, 'std'), { x: [1, 2], mean: [2, 2], lo: [1, 2], hi: [3, 2] });
  const s = band([1], [[1, 2, 6]], 'std');
  assert.ok(Math.abs(s.hi[0] - (3 + Math.sqrt(7))) < 1e-12);
});

test('seedGroups and groupBand: a group of two seeds or more, over the epochs every seed has', () => {
  const runs = [run('a1', 'a', 1), run('a2', 'a', 2), run('b1', 'b', 1), run('x', undefined, 0)];
  const groups = seedGroups(runs);
  assert.deepEqual(
    groups.map((g) => g.name),
    ['a'],
  );
  const series: Record<string, EpochPoint[]> = { a1: points([4, 3, 2]), a2: points([2, 1]) };
  const b = groupBand(
    groups[0],
    (id) => series[id],
    (p) => p.valLoss,
    'minmax',
  );
  assert.deepEqual(b, { x: [1, 2], mean: [3, 2], lo: [2, 1], hi: [4, 3] });
});

test('difference: A − B per shared seed, its band, and the paired comparison once all have ended', () => {
  const runs = [run('a1', 'a', 1), run('a2', 'a', 2), run('a3', 'a', 3), run('b1', 'b', 1), run('b2', 'b', 2)];
  runs.push(run('b3', 'b', 3, 'running'));
  const series: Record<string, EpochPoint[]> = {
    a1: points([3, 2]),
    a2: points([4, 3]),
    a3: points([5, 4]),
    b1: points([1, 1]),
    b2: points([1, 1.5]),
    b3: points([2, 1]),
  };
  const [a, b] = seedGroups(runs);
  const f = (x: number) => x.toFixed(2);
  const live = difference(
    a,
    b,
    runs,
    (id) => series[id],
    (p) => p.valLoss,
    'val loss',
    'minmax',
    f,
  );
  assert.deepEqual(live.seeds, [1, 2, 3]);
  assert.deepEqual(live.band, { x: [1, 2], mean: [8 / 3, 11 / 6], lo: [2, 1], hi: [3, 3] });
  assert.equal(live.comparison, null);
  assert.match(live.verdict, /appears when the 6 runs have ended/);
  runs[5] = run('b3', 'b', 3);
  const done = difference(
    a,
    b,
    runs,
    (id) => series[id],
    (p) => p.valLoss,
    'val loss',
    'minmax',
    f,
  );
  // Final differences 1, 1.5, 3: all positive, so the sign test's p is 2/2³.
  assert.equal(done.comparison!.positive, 3);
  assert.ok(Math.abs(done.comparison!.signP - 0.25) < 1e-15);
  assert.match(done.verdict, /^final val loss, a − b: A − B = 1\.83, 95% interval \[-0\.\d+, 4\.\d+\] includes 0/);
});
