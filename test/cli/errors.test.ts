/** Every error a user can cause: a short message naming what is wrong and where, exit code 2, no stack trace. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataset, losslab, workspace } from './run';

function expectUserError(args: string[], pattern: RegExp, cwd?: string): void {
  const r = losslab(args, cwd);
  assert.equal(r.code, 2, `exit code for ${args.join(' ')}: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.ok(r.stderr.trim().split('\n').length <= 2, `short message, got:\n${r.stderr}`);
}

const iris = dataset('iris.csv');

test('missing file', () =>
  expectUserError(['train', '/nonexistent/data.csv'], /file not found: \/nonexistent\/data\.csv/));

test('empty file', () => {
  const dir = workspace({ 'empty.csv': '' });
  expectUserError(['train', join(dir, 'empty.csv')], /empty\.csv.*empty/i);
});

test('header only', () => {
  const dir = workspace({ 'h.csv': 'a,b,c\n' });
  expectUserError(['train', join(dir, 'h.csv')], /h\.csv.*(no data rows|header only|only a header)/i);
});

test('ragged row names its line', () => {
  // A short row is completed with missing values; a long one is an error.
  const dir = workspace({ 'r.csv': 'a,b,c\n1,2,3\n4,5,6\n7,8,1,2\n9,10,11\n' });
  expectUserError(['train', join(dir, 'r.csv')], /r\.csv.*line 4.*4 fields.*3/);
});

test('unterminated quote names the line where it opened', () => {
  const dir = workspace({ 'q.csv': 'a,b,c\n1,2,3\n4,"5,6\n7,8,9\n' });
  expectUserError(['train', join(dir, 'q.csv')], /q\.csv.*line 3.*quote/i);
});

test('binary file', () => {
  const bytes = new Uint8Array(512);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
  const dir = workspace({ 'b.csv': bytes });
  expectUserError(['train', join(dir, 'b.csv')], /b\.csv.*binary/i);
});

test('missing target column suggests the closest names', () =>
  expectUserError(['train', iris, '--target', 'specie'], /target column 'specie'.*(did you mean|closest).*species/i));

test('a target with a single class', () => {
  const dir = workspace({ 'one.csv': 'x,y\n1,a\n2,a\n3,a\n' });
  expectUserError(['train', join(dir, 'one.csv')], /single class/);
});

test('unknown loss lists the valid ids', () =>
  expectUserError(['train', iris, '--loss', 'crossentropy'], /unknown loss.*crossentropy.*cross_entropy.*mse/));

test('unknown optimizer lists the valid ids', () =>
  expectUserError(['train', iris, '--optimizer', 'adamm'], /unknown optimizer.*adamm.*adam.*sgd/));

test('lbfgs on mini-batches, with clipping, or in the LR range test says what to change', () => {
  expectUserError(
    ['train', iris, '--optimizer', 'lbfgs'],
    /^losslab: lbfgs trains full batch: use --batch-size full\n$/,
  );
  expectUserError(
    ['train', iris, '--optimizer', 'lbfgs', '--batch-size', 'full', '--clip-norm', '1'],
    /^losslab: lbfgs needs the true gradient for its line search and curvature: remove --clip-norm\n$/,
  );
  expectUserError(
    [
      'train',
      iris,
      '--optimizer',
      'lbfgs',
      '--batch-size',
      'full',
      '--task',
      'multitask',
      '--target',
      'species,petal_width_(cm)',
      '--task-weighting',
      'gradnorm',
    ],
    /^losslab: lbfgs needs one objective for its line search, and gradnorm moves the task weights on a second one: use --task-weighting uncertainty\n$/,
  );
  expectUserError(
    ['lr-find', iris, '--optimizer', 'lbfgs'],
    /^losslab: the learning-rate range test takes one mini-batch step per rate; lbfgs makes whole-batch steps/,
  );
});

test('unknown schedule lists the valid ids', () =>
  expectUserError(['train', iris, '--schedule', 'cosin'], /unknown schedule.*cosin.*cosine/));

test('a loss that does not fit the task suggests ones that do', () =>
  expectUserError(
    ['train', iris, '--loss', 'mse'],
    /loss 'mse' does not fit a multiclass task; losses that do: .*cross_entropy/,
  ));

test('hyperparameters out of range name the field and the range', () => {
  expectUserError(
    ['train', iris, '--opt-param', 'betas=0.9,1.2'],
    /optimizer\.betas\[1\] must be in \[0, 1\), got 1\.2/,
  );
  expectUserError(['train', iris, '--lr', '-1'], /optimizer\.lr must be in/);
  expectUserError(['train', iris, '--loss', 'focal', '--loss-param', 'gamma=-2'], /loss\.gamma must be in/);
  expectUserError(['train', iris, '--val-split', '1.5'], /data\.valSplit must be in \[0, 1\), got 1\.5/);
  expectUserError(['train', iris, '--epochs', 'ten'], /--epochs must be an integer, got 'ten'/);
});

test('unknown flag and unknown command', () => {
  expectUserError(['train', iris, '--learning-rate', '0.1'], /unknown flag --learning-rate/);
  const r = losslab(['trian']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'trian'/);
});

test('a bad experiment file names the file, the run and the field', () => {
  const dir = workspace({
    'data.csv': 'a,b,y\n1,2,0\n2,3,1\n3,4,0\n4,5,1\n5,6,0\n6,7,1\n',
    'e.losslab.json': JSON.stringify({
      data: { path: 'data.csv' },
      runs: [{ name: 'ok' }, { name: 'bad', optimizer: { name: 'adam', betas: [0.9, 1.2] } }],
    }),
    'syntax.losslab.json': '{\n  "data": {"path": "data.csv"},\n  "runs": [ {"name": "a"} \n',
  });
  expectUserError(
    ['run', join(dir, 'e.losslab.json')],
    /e\.losslab\.json: runs\[1\]\.optimizer\.betas\[1\] must be in \[0, 1\), got 1\.2/,
  );
  expectUserError(['run', join(dir, 'syntax.losslab.json')], /syntax\.losslab\.json:4:\d+: invalid JSON/);
});

/** 4096 × 4096: the most weights one layer may have. */
const LAYER_CAP = 4096 * 4096;

test('a first layer too big for the data is refused before anything is allocated or recorded', () => {
  // 10,000 feature columns times 100,000 hidden units would be 10^9 weights (8 GB of doubles, twice).
  const cols = 10_000;
  const header = [...Array.from({ length: cols }, (_, i) => `x${i}`), 'y'].join(',');
  const rows = Array.from({ length: 10 }, (_, r) =>
    [...Array.from({ length: cols }, (_, i) => (r * 7 + i) % 10), r % 2].join(','),
  );
  const dir = workspace({ 'wide.csv': [header, ...rows].join('\n') + '\n' });
  const out = join(dir, 'runs');
  expectUserError(
    ['train', join(dir, 'wide.csv'), '--hidden', '100000', '--out', out],
    new RegExp(
      `model\\.hidden: ${cols} input features × 100000 units of model\\.hidden\\[0\\] make ${cols * 100_000} weights in one layer, more than ${LAYER_CAP}`,
    ),
  );
  assert.ok(!existsSync(out) || readdirSync(out).length === 0, 'no run is recorded');
});

test('many large layers are refused by their total, before anything is recorded', () => {
  const dir = workspace({ 'iris.csv': readFileSync(dataset('iris.csv'), 'utf8') });
  const out = join(dir, 'runs');
  // Six layers of 4096: each pair within the per-layer cap, five pairs of 4096² together over four times it.
  const hidden = Array(6).fill(4096).join(',');
  expectUserError(
    ['train', join(dir, 'iris.csv'), '--hidden', hidden, '--out', out],
    new RegExp(`model\\.hidden makes ${5 * 4096 * 4096} weights between its layers, more than ${4 * LAYER_CAP}`),
  );
  // Within the hidden layers' total, the input and output layers can still tip it over once the data is known.
  const edge = workspace({
    'wide.csv':
      [
        Array.from({ length: 4097 }, (_, i) => (i < 4096 ? `x${i}` : 'y')).join(','),
        ...Array.from({ length: 4 }, (_, r) => [...Array(4096).fill(r), r % 2].join(',')),
      ].join('\n') + '\n',
  });
  expectUserError(
    ['train', join(edge, 'wide.csv'), '--hidden', '4096,4096,4096,4096', '--out', join(edge, 'runs')],
    new RegExp(
      `model\\.hidden: layers of 4096 → 4096 → 4096 → 4096 → 4096 → 1 units make ${4 * 4096 * 4096 + 4096} weights in all, more than ${4 * LAYER_CAP}`,
    ),
  );
  assert.ok(!existsSync(out) || readdirSync(out).length === 0, 'no run is recorded');
});

test('a last hidden layer too big for the number of classes names both sizes', () => {
  const classes = 200;
  const rows = Array.from({ length: 2 * classes }, (_, r) => `${r},${r % 7},c${r % classes}`);
  const dir = workspace({ 'many.csv': ['a,b,label', ...rows].join('\n') + '\n' });
  expectUserError(
    ['train', join(dir, 'many.csv'), '--hidden', '100000', '--out', join(dir, 'runs')],
    new RegExp(
      `model\\.hidden: 100000 units of model\\.hidden\\[0\\] × ${classes} outputs make ${classes * 100_000} weights in one layer, more than ${LAYER_CAP}`,
    ),
  );
});
