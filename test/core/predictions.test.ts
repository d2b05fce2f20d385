/** A regression run's recorded predictions: the model's own forward pass, in original units, bounded. */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { runTraining } from '../../src/runs/runTraining';
import { histogram, histogramBins } from '../../src/core/trainer/histogram';
import { regressionPredictions, sampleIndices } from '../../src/core/trainer/predictions';
import { train } from '../../src/core/trainer/train';
import { parseCsvText } from '../../src/core/csv';
import { buildDataset } from '../../src/core/dataset';
import { readPredictions } from '../../src/views/runResults';
import { tempDir } from '../cli/run';
import { close } from './assertions';
import { planRun } from '../../src/core/trainer/setup';

test('histogram: equal-width bins over [min, max], the last one closed', () => {
  // By hand: width 5; 0..4 fall in [0, 5), 10 is the closed right end.
  assert.deepEqual(histogram([0, 1, 2, 3, 4, 10], 2), { edges: [0, 5, 10], counts: [5, 1] });
  // A value on an inner edge belongs to the bin to its right.
  assert.deepEqual(histogram([0, 0.5, 1], 2), { edges: [0, 0.5, 1], counts: [1, 2] });
});

test('histogram: the same bins and counts as numpy.histogram, rounding at the edges included', () => {
  // numpy 1.24: np.histogram(v, bins=5) and np.histogram([0, 0.1, ..., 1.0], bins=10), whose
  // 0.3, 0.7 fall below the computed edges 0.30000000000000004, 0.7000000000000001.
  const a = histogram([-1.3, 0.2, 0.2, 2.7, 3.1, -0.4, 5.0, 1.1], 5);
  assert.deepEqual(a.counts, [2, 3, 0, 2, 1]);
  [-1.3, -0.040000000000000036, 1.22, 2.4800000000000004, 3.74, 5.0].forEach((e, i) => close(a.edges[i], e, 1e-15));
  const tenths = histogram([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 10);
  assert.deepEqual(tenths.counts, [1, 1, 2, 0, 1, 2, 1, 0, 1, 2]);
  // All values equal: numpy widens the range to value ± 0.5.
  assert.deepEqual(histogram([2, 2, 2], 3).counts, [0, 3, 0]);
  assert.deepEqual(
    histogram([2, 2, 2], 3).edges.map((e) => Math.round(e * 1e12) / 1e12),
    [1.5, 1.833333333333, 2.166666666667, 2.5],
  );
});

test("bins by Rice's rule ⌈2∛n⌉, capped; sampled rows evenly spread", () => {
  assert.equal(histogramBins(8), 4);
  assert.equal(histogramBins(27), 6);
  assert.equal(histogramBins(1000), 20);
  assert.equal(histogramBins(1_000_000), 60);
  assert.deepEqual(sampleIndices(10, 4), [0, 2, 5, 7]);
  assert.deepEqual(sampleIndices(3, 4), [0, 1, 2]);
});

/** y = 3·x0 − 2·x1 + 5 + a fixed wobble, 60 rows: the raw target (not standardized) is in original units. */
const rows = Array.from({ length: 60 }, (_, i) => {
  const x0 = (i % 10) / 3;
  const x1 = Math.floor(i / 10) - 2;
  return [x0, x1, 3 * x0 - 2 * x1 + 5 + 0.3 * Math.sin(i * 1.7)];
});
const CSV = `x0,x1,y\n${rows.map((r) => r.join(',')).join('\n')}\n`;

test("the predictions are the linear model's w·x + b on the validation rows, un-standardized; actual values are the file's", async () => {
  const data = buildDataset(parseCsvText(CSV, 'x.csv'), { valSplit: 0.25, seed: 1 });
  const config = resolveRunConfig(
    { model: { hidden: [] }, training: { epochs: 5, batchSize: 8 } },
    defaultConfig('x.csv'),
  );
  const { model } = await train(planRun(config, data));
  const p = regressionPredictions(model, data)!;
  assert.equal(p.split, 'validation');
  assert.equal(p.target, 'y');
  assert.equal(p.rows, data.val.length);
  assert.equal(p.actual.length, data.val.length);
  const [{ weight, bias }] = model.getParams();
  const { mean, std } = data.targetScaler!;
  data.val.forEach((r, i) => {
    // The file's own row: lines are 1-based with the header on line 1.
    const source = rows[data.lines[r] - 2];
    close(p.actual[i], source[2], 1e-12);
    // Features standardized with the training rows' statistics, as the dataset did.
    const z = [0, 1].map((j) => (source[j] - data.scaler.mean[j]) / data.scaler.std[j]);
    const out = weight[0][0] * z[0] + weight[0][1] * z[1] + bias[0];
    close(p.predicted[i], out * std + mean, 1e-12);
  });
  assert.equal(
    p.residuals.counts.reduce((a, b) => a + b, 0),
    data.val.length,
  );
  assert.equal(p.residuals.counts.length, histogramBins(data.val.length));
  const residuals = p.actual.map((a, i) => a - p.predicted[i]);
  close(p.residuals.edges[0], Math.min(...residuals), 1e-12);
  close(p.residuals.edges.at(-1)!, Math.max(...residuals), 1e-12);
});

test('a classification run has no predictions record', async () => {
  const text = `x,label\n${Array.from({ length: 20 }, (_, i) => `${i},${i < 10 ? 'a' : 'b'}`).join('\n')}\n`;
  const data = buildDataset(parseCsvText(text, 'c.csv'), {});
  const { model } = await train(planRun(resolveRunConfig({ training: { epochs: 1 } }, defaultConfig('c.csv')), data));
  assert.equal(regressionPredictions(model, data), null);
});

test('a recorded regression run writes predictions.json; the dashboard reads it back', async () => {
  const dir = tempDir();
  const file = join(dir, 'line.csv');
  writeFileSync(file, CSV);
  const outcome = await runTraining(resolveRunConfig({ training: { epochs: 3 } }, defaultConfig(file)), {
    outDir: join(dir, 'runs'),
  });
  assert.ok(existsSync(join(outcome.runDir!, 'predictions.json')));
  const r = readPredictions(outcome.runDir!);
  assert.ok(r && r.kind === 'regression');
  assert.equal(r.rows, outcome.dataset.val.length);
  assert.equal(r.actual.length, r.rows);
  assert.equal(
    r.residuals.counts.reduce((a, b) => a + b, 0),
    r.rows,
  );
});

test('histogram over a given range leaves out the values outside it (numpy.histogram(v, 4, range=(0, 4)))', () => {
  // numpy: (array([1, 1, 1, 1]), array([0., 1., 2., 3., 4.]))
  assert.deepEqual(histogram([0, 1, 2, 3, 10], 4, [0, 4]), { edges: [0, 1, 2, 3, 4], counts: [1, 1, 1, 1] });
  // (array([2, 0, 1]), array([0., 1., 2., 3.]))
  assert.deepEqual(histogram([0.5, 0.5, 2.5], 3, [0, 3]), { edges: [0, 1, 2, 3], counts: [2, 0, 1] });
});
