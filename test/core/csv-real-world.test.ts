/**
 * Files shaped like the CSVs people have (a comment above the header, short rows, R's row names, dates
 * like 19-Sep-03, an Excel export with money and percentages, a German Windows-1252 export, UTF-16): each
 * read with every setting detected must give the values pandas gives with the options the file needs
 * (test/data/real-world/expected.py writes them to expected.json), and the kinds written down here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCsv } from '../../src/io/csv/load';
import { parseCsv } from '../../src/core/csv/parse';
import type { CsvTable } from '../../src/core/csv/types';
import { buildDataset } from '../../src/core/dataset';

const DIR = join(__dirname, '..', '..', '..', 'test', 'data', 'real-world');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<
  string,
  Record<string, (number | string | null)[]>
>;

/** A column's cells as numbers (dates as days, booleans as 1/0) or text, null when missing. */
function cells(t: CsvTable, name: string): (number | string | null)[] {
  const j = t.header.indexOf(name);
  assert.ok(j >= 0, `column ${name}`);
  const col = t.columns[j];
  const inference = t.kinds[j];
  if (col.kind === 'numeric' || col.kind === 'constant')
    return [...col.values].map((v) => (Number.isNaN(v) ? null : v));
  return [...col.codes].map((k) => {
    if (k < 0) return null;
    const level = col.levels[k];
    return inference.kind === 'boolean' ? ((inference.trueLevels ?? []).includes(level) ? 1 : 0) : level;
  });
}

const KINDS: Record<string, Record<string, string>> = {
  'stocks.csv': { Date: 'date', AAPL: 'numeric', MSFT: 'numeric', XOM: 'numeric', GE: 'numeric' },
  'debian.csv': {
    version: 'numeric',
    codename: 'categorical',
    created: 'date',
    release: 'date',
    eol: 'date',
    'eol-lts': 'date',
    'eol-elts': 'date',
  },
  'framing.csv': {
    'Unnamed: 0': 'identifier',
    time: 'numeric',
    dose: 'numeric',
    count: 'numeric',
    group: 'categorical',
  },
  'msft.csv': { Date: 'date', Open: 'numeric', Volume: 'numeric', 'Adj. Close*': 'numeric' },
  'excel-export.csv': {
    CustomerID: 'identifier',
    Signup: 'date',
    Revenue: 'numeric',
    Growth: 'numeric',
    Status: 'categorical',
    Active: 'boolean',
    Region: 'categorical',
    Notes: 'text',
  },
  'german-cp1252.csv': {
    Datum: 'date',
    Ort: 'categorical',
    Umsatz: 'numeric',
    Menge: 'numeric',
    Preis: 'numeric',
    Bemerkung: 'categorical',
  },
  'utf16-bom.csv': { name: 'categorical', größe: 'numeric', preis: 'numeric' },
};

for (const file of Object.keys(expected)) {
  test(`${file}: the values pandas reads, and the kinds`, async () => {
    const path = join(DIR, file);
    for (const t of [await loadCsv(path), parseCsv(readFileSync(path), path)]) {
      for (const [name, want] of Object.entries(expected[file])) {
        const got = cells(t, name);
        assert.equal(got.length, want.length, `${file} ${name} rows`);
        want.forEach((w, r) =>
          assert.ok(Object.is(got[r], w), `${file} ${name} row ${r}: got ${String(got[r])}, pandas ${String(w)}`),
        );
      }
      for (const [name, kind] of Object.entries(KINDS[file]))
        assert.equal(
          t.kinds[t.header.indexOf(name)].kind,
          kind,
          `${file} ${name}: ${t.kinds[t.header.indexOf(name)].because}`,
        );
    }
  });
}

test('what was inferred is said: the comment line, the short rows, the encoding, the decimal comma, the row names', async () => {
  const notes = async (file: string) => (await loadCsv(join(DIR, file))).notes.join('\n');
  assert.match(await notes('stocks.csv'), /skipped 1 comment line before the header \(line 1, starting with '#'\)/);
  assert.match(await notes('debian.csv'), /11 rows have fewer fields than the header \(first at line 2\)/);
  await assert.rejects(
    loadCsv(join(DIR, 'debian.csv'), { strictRows: true }),
    /debian\.csv line 2 has 6 fields, the header has 8/,
  );
  const german = await loadCsv(join(DIR, 'german-cp1252.csv'));
  assert.equal(german.encoding, 'windows-1252');
  assert.equal(german.decimal, ',');
  assert.equal(german.delimiter, ';');
  assert.match(
    german.notes.join('\n'),
    /is not UTF-8 \(byte 0x[0-9A-F]{2} at offset \d+, line \d+\): read as Windows-1252/,
  );
  assert.match(await notes('framing.csv'), /the first column has no name: read as row names/);
  assert.equal((await loadCsv(join(DIR, 'utf16-bom.csv'))).encoding, 'utf-16le');
});

test('the Excel export trains: identifiers and free text left out with a warning, the date made three features', async () => {
  const t = await loadCsv(join(DIR, 'excel-export.csv'));
  const ds = buildDataset(t, { target: 'Active', missing: 'mean', valSplit: 0 });
  assert.equal(ds.task, 'binary');
  assert.deepEqual(ds.classes, ['No', 'Yes']);
  assert.ok(ds.featureNames.includes('Signup (days)'));
  assert.ok(
    ds.featureNames.includes('Signup (weekday)=Mon') || ds.featureNames.some((n) => n.startsWith('Signup (weekday)=')),
  );
  assert.ok(ds.featureNames.some((n) => n.startsWith('Signup (month)=')));
  assert.ok(!ds.featureNames.some((n) => n.startsWith('CustomerID') || n.startsWith('Notes')));
  assert.match(ds.warnings.join('\n'), /column 'CustomerID' is an identifier/);
  assert.match(ds.warnings.join('\n'), /column 'Notes' is free text/);
});
