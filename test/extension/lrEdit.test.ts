import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { parseJsonc, resolveExperiment } from '../../src/core/config/experiment';
import { isLossLabError } from '../../src/core/errors';
import { formattingOf, learningRateEdits, roundRate } from '../../src/core/config/lrEdit';

const FILE = '/tmp/compare.losslab.json';

const TEXT = [
  '// learning rates to compare',
  '{',
  '  "data": {"path": "iris.csv", "target": "species"},',
  '  "optimizer": {"name": "adam", "lr": 0.01}, // shared',
  '  "runs": [',
  '    /* the baseline */',
  '    {"name": "base"},',
  '    {"name": "sgd", "optimizer": "sgd"},',
  '    {"name": "own", "optimizer": {"name": "rmsprop", "lr": 0.5, "alpha": 0.9}},',
  '    {"loss": "cross_entropy"},',
  '  ],',
  '}',
].join('\n');

function use(runName: string, lr: number, text = TEXT): string {
  return applyEdits(text, learningRateEdits(text, FILE, runName, lr));
}

function lrs(text: string): Record<string, unknown> {
  const exp = resolveExperiment(parseJsonc(text, FILE), FILE);
  return Object.fromEntries(exp.runs.map((r) => [r.name, [r.optimizer.name, r.optimizer.lr]]));
}

test('a run with its own optimizer object gets only its lr changed; the others and every comment stay', () => {
  const out = use('own', 0.003);
  assert.deepEqual(lrs(out), {
    base: ['adam', 0.01],
    sgd: ['sgd', 0.01],
    own: ['rmsprop', 0.003],
    'run 4': ['adam', 0.01],
  });
  for (const comment of ['// learning rates to compare', '// shared', '/* the baseline */'])
    assert.ok(out.includes(comment), comment);
  // alpha is untouched.
  assert.match(out, /"alpha": 0\.9/);
});

test('a run without an optimizer gets one holding only the rate, which keeps the shared optimizer', () => {
  assert.deepEqual(lrs(use('base', 0.002)), {
    base: ['adam', 0.002],
    sgd: ['sgd', 0.01],
    own: ['rmsprop', 0.5],
    'run 4': ['adam', 0.01],
  });
});

test('an optimizer given by id becomes {name, lr}; an unnamed run is found by the name the file gives it', () => {
  assert.deepEqual(lrs(use('sgd', 0.05)), {
    base: ['adam', 0.01],
    sgd: ['sgd', 0.05],
    own: ['rmsprop', 0.5],
    'run 4': ['adam', 0.01],
  });
  assert.deepEqual(lrs(use('run 4', 0.0007)), {
    base: ['adam', 0.01],
    sgd: ['sgd', 0.01],
    own: ['rmsprop', 0.5],
    'run 4': ['adam', 0.0007],
  });
});

test('a file without runs has its shared optimizer changed', () => {
  const text = '{\n  // one run\n  "name": "single",\n  "data": {"path": "iris.csv"},\n  "optimizer": "sgd"\n}';
  const out = use('single', 0.1, text);
  assert.deepEqual(lrs(out), { single: ['sgd', 0.1] });
  assert.ok(out.includes('// one run'));
});

test('rates are written to three significant digits', () => {
  assert.equal(roundRate(0.0031622776601683794), 0.00316);
  assert.equal(roundRate(0.1), 0.1);
  assert.deepEqual(lrs(use('own', 0.0031622776601683794)).own, ['rmsprop', 0.00316]);
});

test('a run that is gone is a user error naming the file', () => {
  assert.throws(
    () => learningRateEdits(TEXT, FILE, 'renamed', 0.1),
    (e) => isLossLabError(e) && e.message.includes(FILE) && e.message.includes("'renamed'"),
  );
});

test('inserted lines follow the file: tabs or its number of spaces, and CRLF', () => {
  assert.deepEqual(formattingOf('{\n\t"a": 1\n}'), { insertSpaces: false, tabSize: 4, eol: '\n' });
  assert.deepEqual(formattingOf('{\r\n    "a": 1\r\n}'), { insertSpaces: true, tabSize: 4, eol: '\r\n' });
  const out = use('base', 0.002, TEXT.replace(/\n/g, '\r\n'));
  assert.ok(!/[^\r]\n/.test(out), 'every line ends with CRLF');
});
