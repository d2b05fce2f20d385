import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, parseCsvText } from '../../src/core/csv/parse';
import { detectDelimiter } from '../../src/core/csv/delimiter';
import type { Column } from '../../src/core/csv/types';
import { LossLabError } from '../../src/core/errors';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const parse = (s: string) => parseCsv(utf8(s), 'data.csv');

/** A typed cell: a number, a (trimmed) level, or null when missing. Constant columns keep no per-row text. */
function cellOf(c: Column, r: number): number | string | null {
  switch (c.kind) {
    case 'numeric':
      return Number.isNaN(c.values[r]) ? null : c.values[r];
    case 'categorical':
      return c.codes[r] < 0 ? null : c.levels[c.codes[r]];
    case 'constant':
      throw new Error(`column '${c.name}' is constant; give the test at least two distinct values`);
  }
}

/** Rows of the table, row-major, for comparing with the expected cells. */
function rows(t: ReturnType<typeof parse>): (number | string | null)[][] {
  return Array.from({ length: t.rowCount }, (_, r) => t.columns.map((c) => cellOf(c, r)));
}

/** Asserts a LossLabError located at `line` (and `column` when given) whose message matches `pattern`. */
function throwsAt(fn: () => unknown, line: number, pattern: RegExp, column?: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LossLabError, `expected LossLabError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.equal(e.where.file, 'data.csv');
    assert.equal(e.where.line, line);
    if (column !== undefined) assert.equal(e.where.column, column);
    return true;
  });
}

test('plain CSV: header, rows, source lines', () => {
  const t = parse('a,b,c\n1,2,3\n4,5,6\n');
  assert.equal(t.delimiter, ',');
  assert.deepEqual(t.header, ['a', 'b', 'c']);
  assert.deepEqual(rows(t), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual([...t.lines], [2, 3]);
  assert.equal(t.rowCount, 2);
  assert.equal(t.file, 'data.csv');
});

test('RFC 4180: quoted fields with delimiters, escaped quotes and newlines', () => {
  const t = parse('name,note,n\n"Smith, J","said ""hi""",1\n"two\nlines","",2\nplain,"a""",3\n');
  assert.deepEqual(rows(t), [
    ['Smith, J', 'said "hi"', 1],
    ['two\nlines', null, 2],
    ['plain', 'a"', 3],
  ]);
  // The quoted newline makes the third row start on line 5.
  assert.deepEqual([...t.lines], [2, 3, 5]);
});

test('CRLF line ends, including a CRLF inside quotes and a missing final newline', () => {
  const t = parse('a,b\r\n1,"x\r\ny"\r\n2,z');
  assert.deepEqual(rows(t), [
    [1, 'x\r\ny'],
    [2, 'z'],
  ]);
  assert.deepEqual([...t.lines], [2, 4]);
});

test('lone CR line ends (classic Mac) are line ends', () => {
  const t = parse('a,b\r1,2\r3,4\r');
  assert.deepEqual(rows(t), [
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual([...t.lines], [2, 3]);
});

test('UTF-8 BOM is stripped from the first header name', () => {
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('id,värde\n1,ü\n2,å\n')]);
  const t = parseCsv(bom, 'data.csv');
  assert.deepEqual(t.header, ['id', 'värde']);
  assert.deepEqual(rows(t), [
    [1, 'ü'],
    [2, 'å'],
  ]);
});

test('blank and whitespace-only lines are skipped, line numbers still count them', () => {
  const t = parse('\n\na,b\n\n1,2\n   \n\n3,4\n\n');
  assert.deepEqual(t.header, ['a', 'b']);
  assert.deepEqual(rows(t), [
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual([...t.lines], [5, 8]);
});

test('a row of empty fields is a row (all missing), not a blank line', () => {
  const t = parse('a,b,c\n,,\n1,2,3\n4,5,6\n');
  assert.deepEqual(rows(t), [
    [null, null, null],
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual([...t.lines], [2, 3, 4]);
});

test('header names and cells are trimmed', () => {
  const t = parse(' a , b\n 1 ,2 \n3,\t x \n');
  assert.deepEqual(t.header, ['a', 'b']);
  assert.deepEqual(rows(t), [
    [1, '2'],
    [3, 'x'],
  ]);
});

test('spaces after a closing quote are allowed', () => {
  const t = parse('a,b\n"x" ,"y"  \n"z","w"\n');
  assert.deepEqual(rows(t), [
    ['x', 'y'],
    ['z', 'w'],
  ]);
});

test('a quote inside an unquoted field is kept as text', () => {
  const t = parse('a,b\n5" disk,2\n3" disk,4\n');
  assert.deepEqual(rows(t), [
    ['5" disk', 2],
    ['3" disk', 4],
  ]);
});

test('delimiters ; tab | are detected', () => {
  for (const d of [';', '\t', '|']) {
    const t = parse(`a${d}b${d}c\n1${d}2${d}3\n4${d}5${d}6\n`);
    assert.equal(t.delimiter, d);
    assert.deepEqual(rows(t), [
      [1, 2, 3],
      [4, 5, 6],
    ]);
  }
});

test('semicolon file with decimal commas is read as semicolon-delimited, its numbers with the decimal comma', () => {
  const t = parse('x;y;label\n1,5;2,25;a\n3;4,5;b\n0,1;0,2;c\n');
  assert.equal(t.delimiter, ';');
  assert.equal(t.decimal, ',');
  assert.deepEqual(
    rows(t).map((r) => r[0]),
    [1.5, 3, 0.1],
  );
});

test('delimiters inside quotes do not count when sniffing', () => {
  assert.equal(detectDelimiter('"a;b";"c;d"\n"1,2";3\n'), ';');
  assert.equal(detectDelimiter('a|b\n"x,y,z"|1\n"p,q"|2\n'), '|');
});

test('a single-column file (no delimiter in the header)', () => {
  const t = parse('value\n1\n2\n');
  assert.equal(t.delimiter, ',');
  assert.deepEqual(t.header, ['value']);
  assert.deepEqual(rows(t), [[1], [2]]);
});

test('an explicit delimiter overrides detection, and must be a supported one', () => {
  const t = parseCsvText('a;b,c\n1;2,3\n', 'data.csv', { delimiter: ',' });
  assert.deepEqual(t.header, ['a;b', 'c']);
  assert.throws(() => parseCsvText('a:b\n', 'data.csv', { delimiter: ':' }), /delimiter must be one of/);
});

test('error: empty file', () => {
  throwsAt(() => parse(''), 1, /^data\.csv is empty; a CSV needs a header row/);
  throwsAt(() => parse('\n\n  \n'), 1, /^data\.csv is empty/);
  throwsAt(() => parseCsv(new Uint8Array([0xef, 0xbb, 0xbf]), 'data.csv'), 1, /is empty/);
});

test('error: header only', () => {
  throwsAt(
    () => parse('\na,b,c\n\n'),
    2,
    /^data\.csv has a header \(line 2\) but no data rows; add rows below the header$/,
  );
});

test('error: ragged rows name the line and both field counts', () => {
  const csv = 'a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5\n\n1,2,3,4,5\n1,2,3,4,5\n1,2,3\n';
  // Short rows are an error only with strictRows (by default they are completed with missing values).
  throwsAt(
    () => parseCsv(utf8(csv), 'data.csv', { strictRows: true }),
    7,
    /^data\.csv line 7 has 3 fields, the header has 5; add the missing values/,
  );
  throwsAt(
    () => parse('a,b\n1,2\n1,2,3\n'),
    3,
    /line 3 has 3 fields, the header has 2; a value probably contains the delimiter ",": put that value in double quotes$/,
  );
  // The count is of the row as written, even with a quoted newline before it.
  throwsAt(
    () => parseCsv(utf8('a,b\n"x\ny",1\n2\n'), 'data.csv', { strictRows: true }),
    4,
    /line 4 has 1 field, the header has 2/,
  );
});

test('error: unterminated quote names the line and column where it opened', () => {
  throwsAt(
    () => parse('a,b\n1,2\n3,"open\n4,5\n6,7\n'),
    3,
    /^data\.csv line 3: the quote opened at column 3 is never closed/,
    3,
  );
});

test('error: text after a closing quote (an unescaped quote inside a quoted value)', () => {
  throwsAt(
    () => parse('a,b\n1,"he said "hi" ok"\n'),
    2,
    /^data\.csv line 2, column 13: text after the closing quote/,
    13,
  );
});

test('error: binary file (NUL byte) gives the line of the first NUL', () => {
  const bytes = utf8('a,b\n1,2\nxx\0yy\n');
  throwsAt(() => parseCsv(bytes, 'data.csv'), 3, /^data\.csv line 3: NUL byte; this looks like a binary file/);
});

test('error: binary file (many control characters), with the xlsx hint for a ZIP', () => {
  const bytes = new Uint8Array(200);
  bytes.set([0x50, 0x4b, 0x03, 0x04]);
  for (let i = 4; i < 200; i++) bytes[i] = i % 2 ? 0x01 : 0x41;
  throwsAt(
    () => parseCsv(bytes, 'data.csv'),
    1,
    /control characters in the first 200 bytes; this looks like a binary file.*\.xlsx workbook/,
  );
});

test('UTF-16 with a byte order mark is decoded, and says so', () => {
  for (const [bom, enc] of [
    [[0xff, 0xfe], 'utf16le'],
    [[0xfe, 0xff], 'utf16be'],
  ] as const) {
    const body = Buffer.from('a,b\n1,ü\n2,é\n', 'utf16le');
    if (enc === 'utf16be') body.swap16();
    const t = parseCsv(new Uint8Array([...bom, ...body]), 'data.csv');
    assert.deepEqual(rows(t), [
      [1, 'ü'],
      [2, 'é'],
    ]);
    assert.match(t.notes.join('\n'), /UTF-16/);
  }
});

test('error: non-UTF-8 byte names its line and offset (Latin-1 é)', () => {
  // 'a,b\n1,2\ncaf' then 0xE9 (é in Latin-1) at byte offset 11.
  const bytes = new Uint8Array([...utf8('a,b\n1,2\ncaf'), 0xe9, ...utf8(',3\n')]);
  throwsAt(
    () => parseCsv(bytes, 'data.csv', { encoding: 'utf-8' }),
    3,
    /^data\.csv line 3: byte 0xE9 at offset 11 is not UTF-8; save the file as UTF-8/,
    4,
  );
  // Not said to be UTF-8: read as Windows-1252, with a note naming the byte.
  const t = parseCsv(bytes, 'data.csv');
  assert.equal(t.encoding, 'windows-1252');
  assert.deepEqual(rows(t)[1], ['café', 3]);
  assert.match(t.notes[0], /^data\.csv is not UTF-8 \(byte 0xE9 at offset 11, line 3\): read as Windows-1252/);
});

test('error: truncated UTF-8 sequence at the end of the file', () => {
  const bytes = new Uint8Array([...utf8('a\nx\n'), 0xe2, 0x82]);
  throwsAt(() => parseCsv(bytes, 'data.csv', { encoding: 'utf-8' }), 3, /byte 0xE2 at offset 4 is not UTF-8/);
});

test('error: empty header name; an unnamed first column holds row names', () => {
  throwsAt(
    () => parse('a,,c\n1,2,3\n'),
    1,
    /^data\.csv line 1: column 2 of the header has no name; give every column a name$/,
  );
  const t = parse(',a,b\n0,1,2\n1,3,4\n');
  assert.deepEqual(t.header, ['Unnamed: 0', 'a', 'b']);
  assert.equal(t.kinds[0].kind, 'identifier');
});

test('error: duplicate header names', () => {
  throwsAt(
    () => parse('\nx,y,x\n1,2,3\n'),
    2,
    /^data\.csv line 2: the header names column 1 and column 3 both 'x'; give each column a distinct name$/,
  );
});
