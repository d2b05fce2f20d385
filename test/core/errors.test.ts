/** How messages quote user text: short text whole, long text as head … tail, control characters escaped. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quote, quoteList, shorten, showPath, showValue } from '../../src/core/errors';

test('short text is quoted whole; at 61 characters it keeps 30 of the head and 29 of the tail', () => {
  assert.equal(quote('price'), "'price'");
  assert.equal(quote('x'.repeat(60)), `'${'x'.repeat(60)}'`);
  const digits = '0123456789'.repeat(6) + 'Z';
  assert.equal(shorten(digits), '012345678901234567890123456789…2345678901234567890123456789Z');
  assert.equal(shorten(digits).length, 60);
});

test('a 1,295-character column name becomes 60 characters that still show how it starts and ends', () => {
  const name = `start${'0'.repeat(1286)}5end`;
  assert.equal(name.length, 1295);
  assert.equal(quote(name), `'start${'0'.repeat(25)}…${'0'.repeat(25)}5end'`);
});

test('line breaks, tabs and other control characters are escaped, so a message stays one line', () => {
  assert.equal(quote('a\nb\r\tc\u0000d\u2028'), "'a\\nb\\r\\tc\\u0000d\\u2028'");
});

test('characters outside the BMP are never cut in half', () => {
  const s = '😀'.repeat(100);
  assert.equal(shorten(s, 5), '😀😀…😀😀');
});

test('lists show their first ten names and how many more; paths keep 120 characters; values are JSON', () => {
  const names = Array.from({ length: 64 }, (_, i) => `c${i}`);
  assert.equal(quoteList(names), "'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', … (54 more)");
  assert.equal(quoteList(['a', 'b']), "'a', 'b'");
  const file = `/data/${'d/'.repeat(100)}train.csv`;
  assert.equal(showPath(file).length, 120);
  assert.ok(showPath(file).endsWith('d/d/train.csv'));
  assert.equal(showPath('/data/train.csv'), '/data/train.csv');
  assert.equal(showValue('a"b'), '"a\\"b"');
  assert.equal(showValue(undefined), 'nothing');
});
