/** The tool worker (dist/toolWorker.js) outside VS Code: the LR range test and schedule previews off the main thread. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { isLossLabError } from '../../src/core/errors';
import { runTool } from '../../src/runs/toolJobs';
import { dataset } from '../cli/run';
import { fixturePath } from '../core/fixtures';

const WORKER = fixturePath(join('dist', 'toolWorker.js'), '.');

const iris = (raw: Record<string, unknown> = {}) => resolveRunConfig(raw, defaultConfig(dataset('iris.csv')));

test('the range test runs in the worker: rates from 1e-8 growing by 10^(8/100) a step, with progress', async () => {
  const progress: string[] = [];
  const result = await runTool(WORKER, { type: 'lrFind', config: iris({ data: { target: 'species' } }) }, (m) =>
    progress.push(m),
  ).result;
  assert.ok(result);
  assert.equal(result.lrs[0], 1e-8);
  for (let i = 1; i < result.lrs.length; i++)
    assert.ok(Math.abs(result.lrs[i] / result.lrs[i - 1] - 10 ** 0.08) < 1e-12);
  assert.equal(result.losses.length, result.lrs.length);
  // The first step is always reported; later ones as often as time allows (a few a second).
  assert.deepEqual(progress.slice(0, 2), ['reading the data', 'step 1 of 100, lr 1.0e-8 (120 training rows)']);
  for (const m of progress.slice(2)) assert.match(m, /^step \d+ of 100, lr \d\.\de-?\d+ \(120 training rows\)$/);
});

test('schedule previews: iris has 120 training rows, so batches of 10 make 12 steps an epoch', async () => {
  const configs = [
    iris({ training: { epochs: 3, batchSize: 10 }, optimizer: { name: 'sgd', lr: 0.05 } }),
    iris({ training: { epochs: 2, batchSize: 'full' } }),
  ];
  const previews = await runTool(WORKER, { type: 'schedule', configs }).result;
  assert.ok(previews);
  assert.deepEqual(
    previews.map((p) => [p.steps, p.stepsPerEpoch]),
    [
      [36, 12],
      [2, 1],
    ],
  );
  assert.deepEqual(previews[0].lrs, new Array(36).fill(0.05));
});

test('a user error comes back as a LossLabError; a cancelled job resolves to null', async () => {
  await assert.rejects(
    runTool(WORKER, { type: 'lrFind', config: iris({ data: { path: '/nonexistent/data.csv' } }) }).result,
    (e) => isLossLabError(e) && e.message.includes('/nonexistent/data.csv'),
  );
  const ragged = fixturePath('bad/long-row.csv');
  await assert.rejects(
    runTool(WORKER, { type: 'lrFind', config: iris({ data: { path: ragged } }) }).result,
    (e) => isLossLabError(e) && /line 4 has 4 fields/.test(e.message) && e.where.file === ragged && e.where.line === 4,
  );
  const job = runTool(WORKER, { type: 'lrFind', config: iris() });
  job.cancel();
  assert.equal(await job.result, null);
});

test('inspect: the columns and the dataset, as Markdown, read in the worker', async () => {
  const markdown = await runTool(WORKER, { type: 'inspect', file: dataset('iris.csv') }).result;
  assert.ok(markdown);
  // Iris: 150 flowers, 4 measurements and the species, 3 species of 50.
  assert.match(markdown, /^# iris\.csv\n\n150 rows, 5 columns, delimiter ",", decimal mark ".", UTF-8\n/);
  assert.match(
    markdown,
    /target 'species' → multiclass \(3 classes: setosa, versicolor, virginica\), 4 input features/,
  );
  assert.match(
    markdown,
    /\| species \| categorical → one-hot \| target \| 0 \| 3 \| setosa \(50\), versicolor \(50\), virginica \(50\) \|/,
  );
  assert.match(markdown, /\| sepal_length_\(cm\) \| numeric \| feature \| 0 \| 35 \| 4\.3 … 7\.9,/);
  // A file that is not a training set still gets its columns, and says why.
  const oneClass = await runTool(WORKER, { type: 'inspect', file: fixturePath('bad/one-class.csv') }).result;
  assert.match(oneClass ?? '', /target '.*' makes no training set: .*single class/);
  await assert.rejects(
    runTool(WORKER, { type: 'inspect', file: '/nonexistent/data.csv' }).result,
    (e) => isLossLabError(e) && e.message.includes('/nonexistent/data.csv'),
  );
});

test("schedule previews read each config's file its own way: an NA token drops rows in one run only", async () => {
  // Iris has 50 setosas of 150 flowers: as missing targets, their rows are dropped and 100 are left.
  const plain = iris({ data: { valSplit: 0 }, training: { epochs: 1, batchSize: 7 } });
  const withNa = iris({ data: { valSplit: 0, na: ['setosa'] }, training: { epochs: 1, batchSize: 7 } });
  const previews = await runTool(WORKER, { type: 'schedule', configs: [plain, withNa] }).result;
  assert.deepEqual(
    previews?.map((p) => p.stepsPerEpoch),
    [Math.ceil(150 / 7), Math.ceil(100 / 7)],
  );
});

test("inspect with an experiment's run: its data block reads and builds the file", async () => {
  // 30 rows: a code that looks numeric, a column with "x" for missing in every third row, the target.
  const dir = mkdtempSync(join(tmpdir(), 'losslab-inspect-'));
  const file = join(dir, 'shop.csv');
  const rows = Array.from({ length: 30 }, (_, i) => `${100 + (i % 4)};${i % 3 === 0 ? 'x' : `${i},5`};${i % 2}`);
  writeFileSync(file, ['code;weight;bought', ...rows].join('\n') + '\n');
  const config = resolveRunConfig(
    { data: { na: ['x'], kinds: { code: 'categorical' }, ignore: ['weight'] } },
    defaultConfig(file),
  );
  const asGiven = await runTool(WORKER, { type: 'inspect', file, config }).result;
  assert.match(asGiven ?? '', /\| code \| categorical → one-hot \| feature \| 0 \| 4 \|/);
  assert.match(asGiven ?? '', /\| weight \| numeric \| ignored \| 10 \| 20 \|/);
  assert.match(asGiven ?? '', /- \*\*weight\*\*: numeric: numbers; ignored: in ignore/);
  // A decimal comma detected (the file is ;-delimited) is said, with how to change it.
  assert.match(asGiven ?? '', /## How the file was read\n\n- numbers are read with a decimal comma/);
  assert.match(asGiven ?? '', /```json\n\{\n {2}"data": \{\n {4}"path": "shop\.csv",\n {4}"decimal": ",",/);
  // Without the config: the code is a number, "x" makes the weight column text.
  const asIs = await runTool(WORKER, { type: 'inspect', file }).result;
  assert.match(asIs ?? '', /\| code \| numeric \| feature \| 0 \| 4 \|/);
  assert.doesNotMatch(asIs ?? '', /\| weight \| numeric/);
});
