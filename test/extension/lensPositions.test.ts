import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvHeaderLine, experimentLenses } from '../../src/extension/lensPositions';

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
  assert.deepEqual(experimentLenses(before).filter((l) => l.kind === 'run').map((l) => l.line), [2]);
  assert.deepEqual(experimentLenses(after).filter((l) => l.kind === 'run').map((l) => [l.line, l.kind === 'run' && l.name]), [
    [4, 'a'],
    [5, 'b'],
  ]);
  assert.deepEqual(experimentLenses('not json'), []);
  assert.deepEqual(experimentLenses('[1, 2]'), []);
});

test('a sweep block gets a lens with its grid size', () => {
  const text = '{\n  "runs": [],\n  "sweep": {\n    "grid": {"optimizer.lr": [0.1, 0.01, 0.001], "loss": ["mse", "huber"]}\n  }\n}';
  assert.deepEqual(experimentLenses(text).find((l) => l.kind === 'sweep'), { kind: 'sweep', line: 2, size: 6 });
});
