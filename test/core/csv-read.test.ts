/**
 * Reading in chunks, on this thread and on workers: every way of cutting a file gives the table its cells
 * describe, numbers are the doubles `Number()` gives, and errors name the same lines wherever they fall.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../src/core/csv/parse';
import { loadCsv, type LoadProgress } from '../../src/io/csv/load';
import { parallelAvailable } from '../../src/io/csv/workers';
import type { Column, CsvTable } from '../../src/core/csv/types';
import { LossLabError } from '../../src/core/errors';
import { Rng } from '../../src/core/rng';
import { pick, randomDecimal } from './csv-decimals';

const dir = mkdtempSync(join(tmpdir(), 'losslab-csv-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function tempFile(content: string | Uint8Array): string {
  const file = join(dir, `t${files++}.csv`);
  writeFileSync(file, content);
  return file;
}

function expectLossLabError(fn: () => unknown, line: number, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LossLabError, `expected LossLabError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.equal(e.where.line, line);
    return true;
  });
}

async function expectRejects(p: Promise<unknown>, line: number, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof LossLabError, `expected LossLabError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.equal(e.where.line, line);
    return true;
  });
}

test('the worker script is found, so large files are parsed on every core', () => {
  assert.ok(parallelAvailable());
});

test('200k random decimals read as the doubles Number() gives, on this thread and on workers', async () => {
  const rng = new Rng(7);
  const ncol = 10;
  const rows = 20_000;
  const cells: string[][] = Array.from({ length: ncol }, () => []);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < ncol; j++) {
      let s = randomDecimal(rng);
      // Overflow is text, not a number (tested apart).
      while (!Number.isFinite(Number(s))) s = randomDecimal(rng);
      cells[j].push(s);
    }
  }
  const text = `${cells.map((_, j) => `c${j}`).join(',')}\n${Array.from({ length: rows }, (_, r) => cells.map((c) => c[r]).join(',')).join('\n')}\n`;
  const check = (t: CsvTable) => {
    assert.equal(t.rowCount, rows);
    t.columns.forEach((col, j) => {
      assert.equal(col.kind, 'numeric');
      if (col.kind !== 'numeric') return;
      for (let r = 0; r < rows; r++)
        if (!Object.is(col.values[r], Number(cells[j][r])))
          assert.fail(`'${cells[j][r]}' read as ${col.values[r]}, Number() gives ${Number(cells[j][r])}`);
    });
  };
  check(parseCsv(Buffer.from(text), 'n.csv'));
  check(await loadCsv(tempFile(text), { threads: 2, chunkBytes: 64 << 10 }));
});

test('infinities and decimals beyond the range of a double are text, not numbers', () => {
  const t = parseCsv(
    Buffer.from(`x,y\n${Array.from({ length: 40 }, (_, r) => `${r},${r}`).join('\n')}\n1e400,inf\n`),
    'x.csv',
  );
  const [x, y] = t.columns;
  assert.ok(x.kind === 'numeric' && y.kind === 'numeric');
  assert.deepEqual(x.invalidCells.texts, ['1e400']);
  assert.deepEqual(y.invalidCells.texts, ['inf']);
  assert.deepEqual([...x.invalidCells.rows], [40]);
});

/** A messy file and what it means: each column's cells as typed values, and each row's line. */
interface Messy {
  text: string;
  header: string[];
  expected: (number | string | null)[][];
  kinds: Column['kind'][];
  lines: number[];
}

function messyCsv(seed: number, rows: number): Messy {
  const rng = new Rng(seed);
  const eol = pick(rng, ['\n', '\r\n', '\r']);
  const header = ['id', 'x', 'label', 'mixed', 'note'];
  const out: string[] = ['id, x ,"label","mi""xed"\u0020,note' + eol];
  let line = 2;
  const expected: (number | string | null)[][] = header.map(() => []);
  const lines: number[] = [];
  const labels = ['setosa', 'versi,color', 'vir"gin"ica', 'two\nlines', 'ü'];
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const breaksIn = (s: string) => s.split(/\r\n|\r|\n/).length - 1;
  for (let r = 0; r < rows; r++) {
    if (rng.uniform() < 0.03) {
      out.push(pick(rng, ['', '   ', '\t']) + eol);
      line++;
    }
    const row: string[] = [];
    row.push(String(r));
    expected[0].push(r);

    const u = rng.uniform();
    if (u < 0.05) {
      row.push(pick(rng, ['', 'NA', ' ? ', 'null', '"NaN"']));
      expected[1].push(null);
    } else if (u < 0.07) {
      row.push('n.a.');
      expected[1].push(null);
    } else {
      const s = randomDecimal(rng);
      const v = Number(s);
      row.push(Number.isFinite(v) ? pick(rng, [s, s, s, ` ${s}`, `${s} `, quote(s)]) : 'n.a.');
      expected[1].push(Number.isFinite(v) ? v : null);
    }

    const label = pick(rng, labels);
    row.push(label.includes('"') || label.includes(',') || label.includes('\n') ? quote(label) : label);
    expected[2].push(label);

    // Numbers (kept exactly as written: '1.50' and '1.5' are two levels) then mostly text.
    const m =
      r < rows * 0.6 ? pick(rng, ['1.50', '1.5', '2', '-0', '0', ' 3 ']) : pick(rng, ['low', 'high', '1.50', 'NA']);
    row.push(m);
    expected[3].push(m === 'NA' ? null : m.trim());

    const note = pick(rng, ['plain', 'a "quoted" word', `line one${eol}line two`, '  padded  ', '']);
    row.push(note.includes('"') || note.includes('\r') || note.includes('\n') ? quote(note) : note);
    expected[4].push(note.trim() === '' ? null : note.trim());

    lines.push(line);
    const record = row.join(',');
    line += breaksIn(record) + 1;
    out.push(record + (r < rows - 1 || rng.uniform() < 0.5 ? eol : ''));
  }
  return {
    text: out.join(''),
    header,
    expected,
    kinds: ['numeric', 'numeric', 'categorical', 'categorical', 'categorical'],
    lines,
  };
}

function cellOf(c: Column, r: number): number | string | null {
  switch (c.kind) {
    case 'numeric':
      return Number.isNaN(c.values[r]) ? null : c.values[r];
    case 'categorical':
      return c.codes[r] < 0 ? null : c.levels[c.codes[r]];
    case 'constant':
      return c.value;
  }
}

function checkMessy(t: CsvTable, m: Messy, how: string): void {
  assert.deepEqual(t.header, ['id', 'x', 'label', 'mi"xed', 'note'], how);
  assert.deepEqual(
    t.columns.map((c) => c.kind),
    m.kinds,
    how,
  );
  assert.deepEqual([...t.lines], m.lines, how);
  t.columns.forEach((c, j) => {
    const got = Array.from({ length: t.rowCount }, (_, r) => cellOf(c, r));
    assert.deepEqual(got, m.expected[j], `${how}: column ${c.name}`);
  });
  const mixed = t.columns[3];
  assert.ok(mixed.kind === 'categorical');
  assert.deepEqual(mixed.levels, ['-0', '0', '1.5', '1.50', '2', '3', 'high', 'low'], how);
}

test('quotes, line ends, blank lines and late text read the same however the file is cut into chunks', async () => {
  for (const seed of [1, 2, 3]) {
    const m = messyCsv(seed, 3000);
    const file = tempFile(m.text);
    const bytes = Buffer.from(m.text);
    checkMessy(parseCsv(bytes, 'm.csv'), m, `seed ${seed}, one chunk`);
    checkMessy(parseCsv(bytes, 'm.csv', { chunkBytes: 97 }), m, `seed ${seed}, chunks of 97 bytes`);
    checkMessy(await loadCsv(file, { threads: 0, chunkBytes: 300 }), m, `seed ${seed}, streamed`);
    checkMessy(await loadCsv(file, { threads: 2, chunkBytes: 1000 }), m, `seed ${seed}, on workers`);
  }
});

test('on workers, rows far more than the first lines foretell: the columns outgrow their room', async () => {
  // The columns are sized from the first lines' length, and 200 times as many rows follow.
  const long = Array.from({ length: 300 }, (_, r) => `${r},${'w'.repeat(400 + (r % 7))}`);
  const short = Array.from({ length: 60_000 }, (_, r) => `${r * 0.5},${r % 3 ? 'y' : '\n'}`);
  const text = `a,b\n${[...long, ...short].join('\n')}\n`;
  const want = parseCsv(Buffer.from(text), 'g.csv');
  const got = await loadCsv(tempFile(text), { threads: 2, chunkBytes: 8192 });
  assert.equal(got.rowCount, 60_300);
  assert.deepEqual([...got.lines], [...want.lines]);
  assert.deepEqual(got.columns, want.columns);
});

test('a record longer than a chunk, and a file without a final line break', async () => {
  const long = 'x'.repeat(5000);
  const text = `a,b\n1,"${long}\n${long}"\n2,y\n3,z`;
  const file = tempFile(text);
  for (const t of [
    parseCsv(Buffer.from(text), 'l.csv', { chunkBytes: 64 }),
    await loadCsv(file, { threads: 2, chunkBytes: 64 }),
  ]) {
    assert.equal(t.rowCount, 3);
    assert.deepEqual([...t.lines], [2, 4, 5]);
    const b = t.columns[1];
    assert.ok(b.kind === 'categorical');
    assert.deepEqual(b.levels, [`${long}\n${long}`, 'y', 'z']);
  }
});

test('progress: bytes grow to the file size, rows to the row count', async () => {
  const m = messyCsv(4, 2000);
  const seen: LoadProgress[] = [];
  const t = await loadCsv(tempFile(m.text), { threads: 2, chunkBytes: 2000, onProgress: (p) => seen.push(p) });
  assert.ok(seen.length > 10);
  for (let k = 1; k < seen.length; k++)
    assert.ok(seen[k].bytes > seen[k - 1].bytes && seen[k].rows >= seen[k - 1].rows);
  assert.equal(seen[seen.length - 1].bytes, Buffer.byteLength(m.text));
  assert.equal(seen[seen.length - 1].totalBytes, Buffer.byteLength(m.text));
  assert.equal(seen[seen.length - 1].rows, t.rowCount);
});

test('errors deep in a file name their line however the file is cut into chunks', async () => {
  const good = Array.from({ length: 500 }, (_, r) => `${r},${r * 2},x${r % 3}`).join('\n');
  const cases: { text: string | Uint8Array; line: number; pattern: RegExp }[] = [
    { text: `a,b,c\n${good}\n\n1,2,3,4\n${good}\n`, line: 503, pattern: /line 503 has 4 fields, the header has 3/ },
    {
      text: `a,b,c\n${good}\n1,"2\n3,4\n`,
      line: 502,
      pattern: /line 502: the quote opened at column 3 is never closed/,
    },
    {
      text: `a,b,c\n${good}\n1,"2"x,3\n${good}\n`,
      line: 502,
      pattern: /line 502, column 6: text after the closing quote/,
    },
    {
      text: Buffer.concat([Buffer.from(`a,b,c\n${good}\n1,caf`), Buffer.from([0xe9]), Buffer.from(`,3\n${good}\n`)]),
      line: 502,
      pattern: new RegExp(`line 502: byte 0xE9 at offset ${6 + good.length + 6} is not UTF-8`),
    },
  ];
  for (const c of cases) {
    const bytes = typeof c.text === 'string' ? Buffer.from(c.text) : c.text;
    const file = tempFile(bytes);
    // A byte that is not UTF-8 is an error in a file said to be UTF-8 (else the file is read as Windows-1252).
    const encoding = 'utf-8';
    expectLossLabError(() => parseCsv(bytes, file, { encoding }), c.line, c.pattern);
    expectLossLabError(() => parseCsv(bytes, file, { encoding, chunkBytes: 100 }), c.line, c.pattern);
    await expectRejects(loadCsv(file, { encoding, threads: 0, chunkBytes: 100 }), c.line, c.pattern);
    await expectRejects(loadCsv(file, { encoding, threads: 2, chunkBytes: 100 }), c.line, c.pattern);
  }
});

test('loadCsv: a missing file, a folder', async () => {
  await assert.rejects(loadCsv(join(dir, 'nope.csv')), /file not found: .*nope\.csv/);
  await assert.rejects(loadCsv(dir), /is a folder; give a CSV file/);
});
