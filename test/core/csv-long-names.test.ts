/**
 * A 1,000-character column name, cell or path never makes a 1,000-character message: every warning, note,
 * kind reason and error of the CSV reading names them shortened (head … tail), on one line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, parseCsvText } from '../../src/core/csv/parse';
import { resolveCsvOptions } from '../../src/core/csv/options';
import { buildDataset } from '../../src/core/dataset';
import { isLossLabError } from '../../src/core/errors';

const LONG = 1000;
/** Messages quote at most 60 characters of user text; a few such quotes and the sentence around them fit here. */
const MAX_MESSAGE = 400;
const longName = `${'n'.repeat(LONG - 9)}_order_id`;
const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('\n');

function assertShort(text: string, what: string): void {
  assert.ok(text.length <= MAX_MESSAGE, `${what} is ${text.length} characters: ${text.slice(0, 200)}…`);
  assert.ok(!text.includes('n'.repeat(100)), `${what} quotes the long text whole`);
  assert.ok(!text.includes('\n'), `${what} spans lines`);
}

function userError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isLossLabError(e), String(e));
    return e.message;
  }
  assert.fail('no error');
}

test('an identifier with a 1,000-character name: its warning names it shortened', () => {
  // 30 rows: the long-named column counts 0..29 (distinct, named like an id), x and y are numbers.
  const table = parseCsvText(`${longName},x,y\n${rows(30, (i) => `${i},${(i * 7) % 11},${i % 5}`)}\n`, 'data.csv');
  assert.equal(table.kinds[0].kind, 'identifier');
  const { warnings } = buildDataset(table, { valSplit: 0 });
  const left = warnings.filter((w) => w.includes('left out of the features'));
  assert.equal(left.length, 1);
  assert.match(left[0], /^column 'n+…n*_order_id' is an identifier/);
  for (const w of warnings) assertShort(w, 'a warning');
});

test('long cell values: kind reasons and the read-as-text note quote them shortened', () => {
  const cell = (i: number) => `${i}${'n'.repeat(LONG)}`;
  // A constant long value, distinct long values (an identifier), and a number column broken by long text.
  const numbersThenText = (i: number) => (i < 1200 ? String(i) : cell(i));
  const text = `c,ident,num,y\n${rows(1500, (i) => `${'n'.repeat(LONG)},${cell(i)},${numbersThenText(i)},${i % 3}`)}\n`;
  const table = parseCsvText(text, 'data.csv');
  assert.deepEqual(table.kinds.map((k) => k.kind).slice(0, 3), ['categorical', 'identifier', 'identifier']);
  for (const k of table.kinds) assertShort(k.because, `the reason of a ${k.kind}`);
  assert.match(
    table.kinds[2].because,
    /^read as text: the first 1000 rows look like numbers, but 300 values \(first '1200n+…n+', line 1202\) are not/,
  );
});

test('kinds with a long name: the errors name the column and the path shortened', () => {
  const longPath = `/data/${'n'.repeat(LONG)}/file.csv`;
  const csv = `${longName},y\n${rows(30, (i) => `${i},${i % 2}`)}\n`;
  const notADate = userError(() => parseCsvText(csv, longPath, { kinds: { [longName]: 'date' } }));
  assertShort(notADate, 'the error of a value against its kind');
  assert.match(notADate, /^\/data\/n+…n+\/file\.csv line 2: '0' in column 'n+…n*_order_id' is not a date/);
  const unknown = userError(() => parseCsvText(csv, longPath, { kinds: { [`${longName}2`]: 'numeric' } }));
  assertShort(unknown, 'the error of a kind for no column');
  const badKind = userError(() => resolveCsvOptions({ kinds: { [longName]: 'money' as 'numeric' } }));
  assertShort(badKind, 'the error of an unknown kind');
  assert.match(badKind, /^kinds\.n+…n*_order_id must be one of/);
});

test('a long path in the encoding note is shortened', () => {
  const longPath = `/data/${'n'.repeat(LONG)}/prices.csv`;
  // "Café" in Windows-1252: é is the byte 0xE9, which is not UTF-8.
  const bytes = Buffer.concat([Buffer.from('name,price\nCaf'), Buffer.from([0xe9]), Buffer.from(',1\nTea,2\nBun,3\n')]);
  const table = parseCsv(bytes, longPath);
  assert.equal(table.encoding, 'windows-1252');
  assert.equal(table.notes.length, 1);
  assertShort(table.notes[0], 'the encoding note');
});
