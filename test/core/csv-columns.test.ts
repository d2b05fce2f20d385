import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/core/csv/parse';
import { typeColumns } from '../../src/core/csv/columns';
import { describeColumns } from '../../src/core/csv/describe';
import { compareLevels, isMissingToken, parseNumber } from '../../src/core/csv/cells';
import type { Column } from '../../src/core/csv/types';

const parse = (s: string) => parseCsv(new TextEncoder().encode(s), 'data.csv');

/** A CSV with one column `name` holding `cells`, one per line (line 2 onwards). */
const oneColumn = (cells: string[]) => parse(`v,other\n${cells.map((c, i) => `${c},${i}`).join('\n')}\n`);
const typed = (cells: string[]): Column => typeColumns(oneColumn(cells))[0];

test('parseNumber: decimal notation, as Number() reads it', () => {
  for (const s of [
    '0',
    '-0',
    '+3',
    '42',
    '3.25',
    '-.5',
    '5.',
    '1e3',
    '1E-3',
    '-2.5e+10',
    '007',
    '0.1',
    '123456789012345678901234567890',
    '4.9e-324',
  ])
    assert.ok(Object.is(parseNumber(s), Number(s)), s);
});

test('parseNumber: rejects what Number() accepts but a CSV number is not', () => {
  for (const s of [
    '',
    '.',
    '-',
    '+',
    'e5',
    '1e',
    '1e+',
    '0x10',
    '0b1',
    '0o7',
    'Infinity',
    '-Infinity',
    'inf',
    '1,5',
    '1 000',
    '1_000',
    '1.2.3',
    '--1',
    '1e400',
    'NaN',
  ])
    assert.ok(Number.isNaN(parseNumber(s)), s);
});

test('parseNumber: the fast path rounds like Number() on random decimals', () => {
  // A linear congruential generator keeps the strings the same from run to run.
  let seed = 12345;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let k = 0; k < 20000; k++) {
    let s = rand() < 0.3 ? '-' : '';
    const digits = 1 + Math.floor(rand() * 17);
    for (let i = 0; i < digits; i++) s += Math.floor(rand() * 10);
    const p = Math.floor(rand() * (s.length + 1));
    if (rand() < 0.7 && /\d/.test(s.slice(p) + s.slice(0, p))) s = `${s.slice(0, p)}.${s.slice(p)}`;
    if (rand() < 0.3) s += `e${rand() < 0.5 ? '-' : ''}${Math.floor(rand() * 30)}`;
    const want = Number(s);
    if (Number.isNaN(want)) continue;
    assert.ok(Object.is(parseNumber(s), want), s);
  }
});

test('missing tokens, case-insensitive', () => {
  for (const s of ['', 'NA', 'na', 'N/A', 'n/a', '#N/A', 'NaN', 'nan', 'NULL', 'null', '?', 'None', 'none', '-', '--'])
    assert.ok(isMissingToken(s), s);
  for (const s of ['0', 'N', 'nah', 'NULLS', '---', '-1', 'n.a.']) assert.ok(!isMissingToken(s), s);
  // Tokens given with --na are compared lower-cased too.
  assert.ok(isMissingToken('MISSING', ['missing']));
  assert.ok(!isMissingToken('MISSING'));
});

test('compareLevels: numbers numerically first, then text by code unit', () => {
  assert.deepEqual(['b', '10', 'B', '2', 'a', '-1', '1.5'].sort(compareLevels), [
    '-1',
    '1.5',
    '2',
    '10',
    'B',
    'a',
    'b',
  ]);
});

test('numeric column with missing tokens and spaces', () => {
  const c = typed(['1.5', ' 2 ', 'NA', '', '?', '-3e1', 'null']);
  assert.equal(c.kind, 'numeric');
  if (c.kind !== 'numeric') return;
  assert.deepEqual([...c.values], [1.5, 2, NaN, NaN, NaN, -30, NaN]);
  assert.equal(c.missing, 4);
  assert.deepEqual(c.invalid, { count: 0, firstLine: 0, firstValue: '' });
});

test('categorical column: trimmed levels in sorted order, -1 for missing', () => {
  const c = typed(['red', ' blue', 'NA', 'green ', 'red', 'blue']);
  assert.equal(c.kind, 'categorical');
  if (c.kind !== 'categorical') return;
  assert.deepEqual(c.levels, ['blue', 'green', 'red']);
  assert.deepEqual([...c.codes], [2, 0, -1, 1, 2, 0]);
  assert.equal(c.missing, 1);
});

test('a few non-numbers (<= 5% of present cells) make a numeric column with invalid cells as missing', () => {
  // 20 present cells, one of them text: exactly 5%. One missing token besides.
  const cells = Array.from({ length: 20 }, (_, i) => String(i));
  cells[6] = 'n.a.';
  cells.push('NA');
  const c = typed(cells);
  assert.equal(c.kind, 'numeric');
  if (c.kind !== 'numeric') return;
  // Cell 6 sits on line 8 (header on line 1, first cell on line 2).
  assert.deepEqual(c.invalid, { count: 1, firstLine: 8, firstValue: 'n.a.' });
  assert.deepEqual([...c.invalidCells.rows], [6]);
  assert.deepEqual(c.invalidCells.texts, ['n.a.']);
  assert.equal(c.missing, 2);
  assert.ok(Number.isNaN(c.values[6]));
  assert.equal(c.values[7], 7);
});

test('more than 5% non-numbers make the column categorical', () => {
  const cells = Array.from({ length: 19 }, (_, i) => String(i));
  cells[3] = 'x'; // 1 of 19 = 5.3%
  assert.equal(typed(cells).kind, 'categorical');
  assert.equal(typed(['1', '2', 'a', 'b']).kind, 'categorical');
});

test('decimal commas are text, so such a column is categorical', () => {
  assert.equal(typed(['"1,5"', '"2,5"', '"3,0"']).kind, 'categorical');
});

test('constant columns: one distinct value (numeric or text), or nothing at all, with each cell as a number', () => {
  const constant = (c: Column) => {
    assert.equal(c.kind, 'constant');
    if (c.kind !== 'constant') throw new Error('not constant');
    return { value: c.value, missing: c.missing, values: [...c.values] };
  };
  assert.deepEqual(constant(typed(['3', '3.0', 'NA', '3'])), { value: '3', missing: 1, values: [3, 3, NaN, 3] });
  assert.deepEqual(constant(typed(['yes', 'yes', ''])), { value: 'yes', missing: 1, values: [NaN, NaN, NaN] });
  assert.deepEqual(constant(typed(['', 'NA', '?'])), { value: null, missing: 3, values: [NaN, NaN, NaN] });
});

test('describeColumns: counts, min/max/mean/sample std, top levels', () => {
  const table = parse('x,c,k\n1,b,7\n2,a,7\n4,b,7\nNA,c,7\n5,b,\n');
  const [x, c, k] = describeColumns(typeColumns(table), table);
  // x = 1, 2, 4, 5: mean 3, squared deviations 4+1+1+4 = 10, sample variance 10/3.
  assert.equal(x.kind, 'numeric');
  assert.equal(x.count, 4);
  assert.equal(x.missing, 1);
  assert.equal(x.distinct, 4);
  assert.equal(x.min, 1);
  assert.equal(x.max, 5);
  assert.equal(x.mean, 3);
  assert.ok(Math.abs((x.std as number) - Math.sqrt(10 / 3)) < 1e-15);
  assert.equal(c.kind, 'categorical');
  assert.equal(c.distinct, 3);
  assert.deepEqual(c.top, [
    { level: 'b', count: 3 },
    { level: 'a', count: 1 },
    { level: 'c', count: 1 },
  ]);
  // A constant column's kind is what its value is; it is left out of the features for having one value.
  assert.deepEqual(k, {
    name: 'k',
    kind: 'numeric',
    because: "a single value '7'",
    count: 4,
    missing: 1,
    distinct: 1,
    value: '7',
  });
});

test('describeColumns: distinct numbers count -0 as 0 and repeats once, also across many rows', () => {
  const small = parse('x,y\n0,1\n-0,2\n1,3\n1,4\n2.5,5\nNA,6\n');
  assert.equal(describeColumns(typeColumns(small), small)[0].distinct, 3);
  // 3000 rows cycling through 250 values: 250 distinct.
  const big = parse(`x,y\n${Array.from({ length: 3000 }, (_, r) => `${(r % 250) / 4},${r}`).join('\n')}\n`);
  assert.deepEqual(
    describeColumns(typeColumns(big), big).map((c) => c.distinct),
    [250, 3000],
  );
});
