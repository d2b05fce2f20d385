/**
 * Bad CSVs and experiment files through the CLI: each gets one specific, short message and exit code 2,
 * with no stack trace. Small cases live in test/fixtures/bad/; the big ones are generated here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, type CliResult, lastJson, losslab, tempDir } from '../cli/run';
import { fixturePath } from '../core/fixtures';

const bad = (name: string): string => fixturePath(join('bad', name));

function expectUserError(r: CliResult, pattern: RegExp, what: string): void {
  assert.equal(r.code, 2, `exit code for ${what}: ${r.stderr}`);
  assert.match(r.stderr, pattern, what);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error/, `no stack trace for ${what}`);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${what}, got:\n${r.stderr}`);
  assert.ok(r.stderr.length < 400, `short message for ${what} (${r.stderr.length} characters)`);
}

const CSV_CASES: [file: string, message: RegExp, flags?: string[]][] = [
  ['empty.csv', /empty\.csv is empty; a CSV needs a header row and at least one data row/],
  ['header-only.csv', /header-only\.csv has a header \(line 1\) but no data rows/],
  // A short row is completed with missing values unless --strict-rows; a long one is always an error.
  ['ragged.csv', /ragged\.csv line 4 has 2 fields, the header has 3/, ['--strict-rows']],
  ['long-row.csv', /long-row\.csv line 4 has 4 fields, the header has 3; a value probably contains the delimiter/],
  ['unterminated-quote.csv', /unterminated-quote\.csv line 3: the quote opened at column 3 is never closed/],
  ['binary.csv', /binary\.csv line \d+: NUL byte; this looks like a binary file/],
  ['zip.csv', /zip\.csv line 1: NUL byte.*ZIP archive/],
  // Read as Windows-1252 unless said to be UTF-8.
  ['latin1.csv', /latin1\.csv line 2: byte 0xE9 at offset 9 is not UTF-8/, ['--encoding', 'utf-8']],
  ['duplicate-header.csv', /duplicate-header\.csv line 1: the header names column 1 and column 2 both 'x'/],
  ['empty-header.csv', /empty-header\.csv line 1: column 2 of the header has no name/],
  [
    'bad-kind.csv',
    /bad-kind\.csv line 4: 'soon' in column 'when' is not a date, but kinds makes the column date/,
    ['--kind', 'when=date'],
  ],
  ['one-row.csv', /one-row\.csv has a single data row \(line 2\); training needs at least two rows/],
  // NaN is a missing value (line 2); the infinity on line 3 is the error.
  ['nan-inf.csv', /nan-inf\.csv line 3: 'inf' in column 'x' is infinite/],
  ['target-infinite.csv', /target-infinite\.csv line 3: '-Infinity' in column 'y' is infinite/],
  ['overflow.csv', /overflow\.csv line 2: '1e400' in column 'x' is beyond the range of a double/],
  ['too-large.csv', /too-large\.csv: column 'x' has values too large to standardize/],
  [
    'constant-only.csv',
    /constant-only\.csv has no usable feature columns besides the target \(column 'c' has the single value '7'\)/,
  ],
  ['one-class.csv', /target 'label' has a single class 'yes'/],
  ['target-all-missing.csv', /target 'y' has no values \(every cell is missing\)/],
];

for (const [file, message, flags] of CSV_CASES) {
  test(`train on ${file}`, () =>
    expectUserError(losslab(['train', bad(file), ...(flags ?? []), '--out', tempDir()]), message, file));
}

test('inspect reports the same problems', () => {
  for (const [file, ...flags] of [
    ['empty.csv'],
    ['ragged.csv', '--strict-rows'],
    ['long-row.csv'],
    ['latin1.csv', '--encoding', 'utf-8'],
    ['overflow.csv'],
    ['one-row.csv'],
  ])
    expectUserError(losslab(['inspect', bad(file), ...flags]), new RegExp(file.replace('.', '\\.')), `inspect ${file}`);
});

test('a short row is completed with missing values and counted in a warning naming its line', () => {
  const r = losslab(['train', bad('ragged.csv'), '--epochs', '1', '--out', tempDir(), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: 1 row has fewer fields than the header \(first at line 4\)/);
});

test('NaN cells are missing values: the rows are dropped with a warning naming the column', () => {
  const r = losslab(['train', bad('nan-cells.csv'), '--epochs', '2', '--out', tempDir(), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: dropped 2 of 6 rows with missing values \(z: 2\)/);
  assert.equal(lastJson(r).status, 'completed');
});

test('a constant column among others is dropped with a warning', () => {
  const r = losslab(['train', bad('constant-column.csv'), '--epochs', '2', '--out', tempDir(), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: column 'c' has the single value '7'; dropped from the features/);
});

const CONFIG_CASES: [file: string, message: RegExp][] = [
  ['wrong-types.losslab.json', /wrong-types\.losslab\.json: training\.epochs must be a number, got "ten"/],
  [
    'unknown-keys.losslab.json',
    /unknown-keys\.losslab\.json: optimiser is not a known field \(did you mean 'optimizer'\?\)/,
  ],
  [
    'out-of-range.losslab.json',
    /out-of-range\.losslab\.json: runs\[1\]\.optimizer\.lr must be in \[0, inf\), got -0\.1/,
  ],
  ['not-an-object.losslab.json', /not-an-object\.losslab\.json: experiment must be an object, got \[1,2,3\]/],
  ['bad-json.losslab.json', /bad-json\.losslab\.json:2:1: invalid JSON \(CloseBraceExpected\)/],
  ['empty-runs.losslab.json', /empty-runs\.losslab\.json: runs must be a non-empty list of runs/],
  ['huge-model.losslab.json', /huge-model\.losslab\.json: model\.hidden\[1\] makes 100000 × 100000 weights/],
];

for (const [file, message] of CONFIG_CASES) {
  test(`experiment ${file}`, () => {
    expectUserError(losslab(['run', bad(file), '--out', tempDir()]), message, `run ${file}`);
    expectUserError(losslab(['train', '--config', bad(file), '--out', tempDir()]), message, `train --config ${file}`);
  });
}

test('an experiment nested thousands deep is refused before parsing', () => {
  const dir = tempDir();
  const file = join(dir, 'deep.losslab.json');
  writeFileSync(file, `{"data": {"path": "x.csv"}, "sweep": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
  expectUserError(
    losslab(['run', file]),
    /deep\.losslab\.json:1:\d+: nested more than 100 levels deep/,
    'deep nesting',
  );
});

test('a pasted wall of numbers is quoted, not echoed whole: its head and tail around an ellipsis', () => {
  const dir = tempDir();
  const file = join(dir, 'wall.losslab.json');
  writeFileSync(file, JSON.stringify({ data: { path: 'x.csv' }, model: { hidden: 'x'.repeat(100_000) } }));
  expectUserError(
    losslab(['run', file]),
    /model\.hidden must be a list of layer sizes .*, got "x{29}…x{28}"$/m,
    'long value',
  );
});

test('a file with 10,000 columns trains', () => {
  const dir = tempDir();
  const cols = 10_000;
  const rows = Array.from({ length: 40 }, (_, i) =>
    Array.from({ length: cols }, (_, j) => ((i * 31 + j * 17) % 97) / 7).join(','),
  );
  const file = join(dir, 'wide.csv');
  writeFileSync(file, [Array.from({ length: cols }, (_, j) => `c${j}`).join(','), ...rows].join('\n') + '\n');
  const r = losslab(['train', file, '--epochs', '2', '--out', join(dir, 'runs'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(lastJson(r).status, 'completed');
  // Its description is over a megabyte of JSON, more than the usual helper buffers.
  const inspect = spawnSync(process.execPath, [CLI, 'inspect', file, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  assert.equal(inspect.status, 0, inspect.stderr);
  assert.equal(lastJson<{ features: number }>({ code: 0, stdout: inspect.stdout, stderr: '' }).features, cols - 1);
});

test('a categorical column with 50,000 distinct values is refused with its name', () => {
  const dir = tempDir();
  // Each value twice: not an identifier (those are left out by default), so one-hot encoding runs away.
  const lines = ['code,x,y'];
  for (let i = 0; i < 100_000; i++) lines.push(`c${i % 50_000},${i % 13},${i % 2}`);
  const file = join(dir, 'codes.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  expectUserError(
    losslab(['train', file, '--out', join(dir, 'runs')]),
    /'code' \(50000 distinct values\).*leave it out of the features/,
    'many levels',
  );
  const ok = losslab(['train', file, '--features', 'x', '--epochs', '1', '--out', join(dir, 'runs'), '--json']);
  assert.equal(ok.code, 0, ok.stderr);
});

test('an identifier column (every value distinct) is left out of the features with a warning, and used when named', () => {
  const dir = tempDir();
  const lines = ['id,x,y'];
  for (let i = 0; i < 1000; i++) lines.push(`id${i},${i % 13},${i % 2}`);
  const file = join(dir, 'ids.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const r = losslab(['train', file, '--epochs', '1', '--out', join(dir, 'runs'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: column 'id' is an identifier \(each of its 1000 values is distinct/);
  const named = losslab(['inspect', file, '--features', 'id,x', '--json']);
  assert.equal(named.code, 0, named.stderr);
  assert.equal(lastJson<{ features: number }>(named).features, 1000 + 1);
});
