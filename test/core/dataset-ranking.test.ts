/** Ranking datasets: the group column, relevance grades, and the split by whole groups. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv } from '../../src/core/csv/parse';
import { buildDataset } from '../../src/core/dataset/build';
import type { DataOptions } from '../../src/core/dataset/types';
import { LossLabError } from '../../src/core/errors';

const build = (s: string, o: DataOptions = {}) => buildDataset(parseCsv(new TextEncoder().encode(s), 'q.csv'), o);

/** 30 queries q0 … q29 of 1 to 6 rows, rows of different queries interleaved. */
function queries(): string {
  const lines: string[] = [];
  for (let i = 0; i < 120; i++) {
    const q = (i * 7) % 30;
    if (i % 6 >= 1 + (q % 6)) continue;
    lines.push(`q${q},${(i * 0.37) % 2},${(i * 13) % 5},${i % 4}`);
  }
  return `query,a,b,rel\n${lines.join('\n')}\n`;
}

function throwsLL(fn: () => unknown, pattern: RegExp, field?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LossLabError, String(e));
    assert.match(e.message, pattern);
    if (field) assert.equal(e.where.field, field);
    return true;
  });
}

test('a group column makes a ranking task: relevance as it is, the group left out of the features', () => {
  const ds = buildDataset(parseCsv(new TextEncoder().encode(queries()), 'q.csv'), { target: 'rel', group: 'query' });
  assert.equal(ds.task, 'ranking');
  assert.deepEqual(ds.featureNames, ['a', 'b']);
  assert.equal(ds.targetScaler, null);
  assert.ok(ds.group);
  assert.ok(ds.y.every((v) => [0, 1, 2, 3].includes(v)));
});

test('the split keeps every group whole on one side, round(groups · valSplit) groups in validation', () => {
  for (const seed of [0, 1, 2, 3]) {
    const ds = build(queries(), { target: 'rel', group: 'query', valSplit: 0.2, seed });
    const g = ds.group!;
    const trainGroups = new Set(Array.from(ds.train, (r) => g[r]));
    const valGroups = new Set(Array.from(ds.val, (r) => g[r]));
    assert.equal([...valGroups].filter((v) => trainGroups.has(v)).length, 0, `seed ${seed}`);
    assert.equal(trainGroups.size + valGroups.size, 30);
    assert.equal(valGroups.size, 6);
    assert.equal(ds.train.length + ds.val.length, ds.n);
  }
});

test('rows without a group are dropped and reported', () => {
  const ds = build('query,a,rel\nq1,1,0\n,2,1\nq1,3,2\nq2,4,1\nq2,5,0\nq3,1,1\n', { target: 'rel', group: 'query' });
  assert.equal(ds.n, 5);
  assert.deepEqual(ds.missingReport, [{ column: 'query', count: 1, action: 'dropped' }]);
  assert.ok(ds.warnings.some((w) => /dropped 1 rows with no group in 'query'/.test(w)));
});

test('ranking errors name the column and what to do', () => {
  const text = 'query,a,rel\nq1,1,0\nq1,2,1\nq2,3,2\nq2,1,0\n';
  throwsLL(() => build(text, { target: 'rel', task: 'ranking' }), /group is needed for ranking/, 'group');
  throwsLL(() => build(text, { target: 'rel', group: 'query', task: 'regression' }), /does not fit a regression/);
  throwsLL(() => build(text, { target: 'rel', group: 'qury' }), /group column 'qury' is not in .*did you mean 'query'/);
  throwsLL(
    () => build(text, { target: 'rel', group: 'rel' }),
    /'rel' is the group column; it cannot also be the target/,
  );
  throwsLL(() => build(text, { target: 'query', group: 'a' }), /ranking needs relevance grades/);
  throwsLL(
    () => build('query,a,rel\nq1,1,0\nq1,2,-1\nq2,3,2\n', { target: 'rel', group: 'query' }),
    /line 3: relevance 'rel' is -1/,
  );
  throwsLL(() => build('query,a,rel\nq1,1,0\nq1,2,1\n', { target: 'rel', group: 'query' }), /a single group/);
});
