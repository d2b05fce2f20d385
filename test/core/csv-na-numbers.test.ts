/** Missing-value tokens that are numbers (`--na -999`): cells of that value are missing, however written. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsvText } from '../../src/core/csv/parse';
import { Rng } from '../../src/core/rng';

test('a numeric NA token makes every cell of its value missing, by value (as pandas na_values does)', () => {
  // 200 rows: x is a sentinel in a known set of rows, written -999, -999.0 or -999.00; y never is.
  const rng = new Rng(7);
  const sentinel = ['-999', '-999.0', '-999.00'];
  const rows: string[] = [];
  let written = 0;
  for (let i = 0; i < 200; i++) {
    const isNa = rng.uniform() < 0.15;
    if (isNa) written++;
    rows.push(`${isNa ? sentinel[i % 3] : (i * 0.25).toFixed(2)},${i % 2},-999`);
  }
  const table = parseCsvText(`x,y,z\n${rows.join('\n')}\n`, 'data.csv', { na: ['-999'] });
  const [x, y, z] = table.columns;
  assert.ok(written > 10);
  assert.equal(x.kind, 'numeric');
  assert.equal(x.missing, written);
  if (x.kind === 'numeric') assert.equal([...x.values].filter((v) => Number.isNaN(v)).length, written);
  assert.equal(y.missing, 0);
  // A column of nothing but the sentinel has no values.
  assert.deepEqual([z.kind, z.missing, z.kind === 'constant' ? z.value : 'not constant'], ['constant', 200, null]);
  // Without the token, -999 is a number like any other.
  assert.equal(parseCsvText(`x,y,z\n${rows.join('\n')}\n`, 'data.csv').columns[0].missing, 0);
});

test('a column left with one value once its sentinels are missing is constant', () => {
  const table = parseCsvText(
    `a,b\n${Array.from({ length: 10 }, (_, i) => `${i % 2 ? '7' : '-1'},${i}`).join('\n')}\n`,
    'data.csv',
    { na: ['-1'] },
  );
  const a = table.columns[0];
  assert.deepEqual([a.kind, a.missing, a.kind === 'constant' ? a.value : ''], ['constant', 5, '7']);
});
