import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvHeaderLine, experimentLenses, formulaAt } from '../../src/views/lensPositions';

test('the CSV header lens sits on the first non-blank line', () => {
  assert.equal(csvHeaderLine('a,b\n1,2\n'), 0);
  assert.equal(csvHeaderLine('\uFEFFa,b\n1,2\n'), 0);
  assert.equal(csvHeaderLine('\n  \r\na,b\n1,2'), 2);
  assert.equal(csvHeaderLine(''), null);
  assert.equal(csvHeaderLine('\n\n'), null);
});

test('experiment lenses: top, the run list, each run (by name), with comments and trailing commas', () => {
  const text = [
    '// compare losses', // 0
    '{', // 1
    '  "data": {"path": "a.csv"},', // 2
    '  /* runs below */', // 3
    '  "runs": [', // 4
    '    {"name": "mse", "loss": "mse"},', // 5
    '    {', // 6
    '      "loss": "huber"', // 7
    '    },', // 8
    '  ],', // 9
    '}', // 10
  ].join('\n');
  assert.deepEqual(experimentLenses(text), [
    { kind: 'top', line: 1 },
    { kind: 'runAll', line: 4, runs: 2 },
    { kind: 'run', line: 5, index: 0, name: 'mse' },
    { kind: 'run', line: 6, index: 1, name: null },
  ]);
});

test('lens positions follow edits, and a half-typed file still gets what can be parsed', () => {
  const before = '{\n  "runs": [\n    {"name": "a"}\n  ]\n}';
  const after = '{\n  "data": {"path": "x.csv"},\n\n  "runs": [\n    {"name": "a"},\n    {"name": "b"\n';
  assert.deepEqual(
    experimentLenses(before)
      .filter((l) => l.kind === 'run')
      .map((l) => l.line),
    [2],
  );
  assert.deepEqual(
    experimentLenses(after)
      .filter((l) => l.kind === 'run')
      .map((l) => [l.line, l.kind === 'run' && l.name]),
    [
      [4, 'a'],
      [5, 'b'],
    ],
  );
  assert.deepEqual(experimentLenses('not json'), []);
  assert.deepEqual(experimentLenses('[1, 2]'), []);
});

test('a sweep block gets a lens with its grid size', () => {
  const text =
    '{\n  "runs": [],\n  "sweep": {\n    "grid": {"optimizer.lr": [0.1, 0.01, 0.001], "loss": ["mse", "huber"]}\n  }\n}';
  assert.deepEqual(
    experimentLenses(text).find((l) => l.kind === 'sweep'),
    { kind: 'sweep', line: 2, size: 6 },
  );
});

test('a loss formula gets a lens on its line, in the shared settings or in a run, and is found under the cursor', () => {
  const text = [
    '{', // 0
    '  "loss": {"formula": "(pred - target)^2"},', // 1
    '  "runs": [', // 2
    '    {"name": "mse"},', // 3
    '    {"name": "cauchy",', // 4
    '     "loss": {"formula": "log1p((pred - target)^2 / c^2)", "c": 1}}', // 5
    '  ]', // 6
    '}', // 7
  ].join('\n');
  assert.deepEqual(
    experimentLenses(text).filter((l) => l.kind === 'formula'),
    [
      { kind: 'formula', line: 1, run: null, runName: null },
      { kind: 'formula', line: 5, run: 1, runName: 'cauchy' },
    ],
  );
  const inside = text.indexOf('log1p') + 3;
  assert.equal(formulaAt(text, inside)?.formula, 'log1p((pred - target)^2 / c^2)');
  assert.equal(formulaAt(text, text.indexOf('"cauchy"') + 2), null);
  assert.equal(formulaAt(text, text.indexOf('"formula"') + 2), null, 'the key itself is not the formula');
});
