import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { buildDataset } from '../../src/core/dataset';
import type { Dataset } from '../../src/core/dataset';
import type { EpochEvent, RunEvent } from '../../src/core/trainer/events';
import { train } from '../../src/core/trainer/train';
import { fixturePath } from './fixtures';
import { planRun } from '../../src/core/trainer/setup';

async function run(raw: Record<string, unknown>, ds: Dataset) {
  const events: RunEvent[] = [];
  const result = await train(planRun(resolveRunConfig(raw, defaultConfig('x.csv')), ds), {
    onEvent: (e) => events.push(e),
  });
  return { ...result, epochs: events.filter((e): e is EpochEvent => e.type === 'epoch') };
}

const iris = (): Dataset =>
  buildDataset(parseCsvText(readFileSync(fixturePath('iris.csv', 'test/data'), 'utf8'), 'iris.csv'), {
    task: 'embedding',
  });

for (const loss of ['contrastive', 'triplet']) {
  test(`embedding: ${loss} on iris separates the species (pair accuracy ≥ 0.85 on validation)`, async () => {
    const ds = iris();
    assert.equal(ds.task, 'embedding');
    assert.equal(ds.val.length, 30);
    const r = await run(
      { loss, model: { hidden: [16], embeddingSize: 4 }, training: { epochs: 30, batchSize: 16 } },
      ds,
    );
    assert.equal(r.summary.status, 'completed');
    const first = r.epochs[0];
    const last = r.summary.final!;
    assert.ok(last.metrics.pair_accuracy >= 0.85, `pair accuracy ${last.metrics.pair_accuracy}`);
    assert.ok((last.valLoss as number) < (first.valLoss as number), `val loss ${first.valLoss} → ${last.valLoss}`);
    assert.equal(r.model.outputSize, 4);
    assert.equal(r.summary.confusion, null);
  });
}

/** Rows of (x1, x2) and a target distribution softmax(A x + c) over three columns. */
const A = [
  [1.5, -1],
  [-0.5, 2],
  [-1, -1],
];
const C = [0.2, -0.1, 0];

function softmaxCsv(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = [Math.sin(1.3 * i) * 2, Math.cos(0.7 * i + 1) * 1.5];
    const z = A.map((row, c) => row[0] * x[0] + row[1] * x[1] + C[c]);
    const e = z.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    lines.push([...x, ...e.map((v) => v / s)].join(','));
  }
  return `x1,x2,p1,p2,p3\n${lines.join('\n')}\n`;
}

test('distribution: kl_div learns a softmax of a linear function to a validation loss near 0', async () => {
  const ds = buildDataset(parseCsvText(softmaxCsv(200), 'soft.csv'), { target: ['p1', 'p2', 'p3'] });
  assert.equal(ds.task, 'distribution');
  assert.equal(ds.targetWidth, 3);
  const r = await run(
    {
      data: { target: ['p1', 'p2', 'p3'] },
      optimizer: { name: 'adam', lr: 0.05 },
      training: { epochs: 100, batchSize: 16 },
    },
    ds,
  );
  assert.equal(r.summary.status, 'completed');
  const val = r.summary.final?.valLoss as number;
  assert.ok(val < 0.01, `val KL ${val}`);
  // A linear model can reproduce the target exactly, so the KL keeps falling toward 0 (never below: KL ≥ 0).
  assert.ok(val >= 0 && val < (r.epochs[0].valLoss as number) / 10, `val KL ${r.epochs[0].valLoss} → ${val}`);
  assert.deepEqual(r.summary.final?.metrics, {});
});

const readData = (file: string): Dataset =>
  buildDataset(parseCsvText(readFileSync(fixturePath(file, 'test/data'), 'utf8'), file));

/** Logits of a linear model (PyTorch layout) for every validation row, written out. */
function linearLogits(r: Awaited<ReturnType<typeof run>>, ds: Dataset): number[][] {
  const [{ weight, bias }] = r.model.getParams();
  return Array.from(ds.val, (row) =>
    weight.map((w, o) => w.reduce((s, v, j) => s + v * ds.x[row * ds.d + j], bias[o])),
  );
}

test('multiclass: iris with cross-entropy reaches the accuracy of logistic regression; confusion recomputed', async () => {
  const ds = readData('iris.csv');
  const r = await run({}, ds);
  const m = r.summary.final!.metrics;
  // scikit-learn's logistic regression averages 0.95 on iris (test/data/README.md).
  assert.ok(m.accuracy >= 0.9, `accuracy ${m.accuracy}`);
  // Argmax of the logits by hand gives the reported confusion matrix (rows = true class).
  const confusion = [0, 1, 2].map(() => [0, 0, 0]);
  linearLogits(r, ds).forEach((z, i) => confusion[ds.y[ds.val[i]]][z.indexOf(Math.max(...z))]++);
  assert.deepEqual(r.summary.confusion, confusion);
  assert.equal(m.accuracy, (confusion[0][0] + confusion[1][1] + confusion[2][2]) / ds.val.length);
  assert.deepEqual(r.summary.classes, ['setosa', 'versicolor', 'virginica']);
});

test('binary: breast_cancer with bce reaches the accuracy of logistic regression; ROC AUC recomputed', async () => {
  const ds = readData('breast_cancer.csv');
  assert.equal(ds.task, 'binary');
  const r = await run({}, ds);
  const m = r.summary.final!.metrics;
  // scikit-learn's logistic regression averages 0.97 (test/data/README.md).
  assert.ok(m.accuracy >= 0.95, `accuracy ${m.accuracy}`);
  const z = linearLogits(r, ds).map((v) => v[0]);
  const labels = Array.from(ds.val, (row) => ds.y[row]);
  // Predicted positive iff σ(z) > 1/2, i.e. z > 0.
  const correct = z.filter((v, i) => (v > 0 ? 1 : 0) === labels[i]).length;
  assert.equal(m.accuracy, correct / z.length);
  // AUC by its definition: the share of (positive, negative) pairs in order, ties one half.
  let wins = 0;
  let pairs = 0;
  z.forEach((zp, i) => {
    if (labels[i] !== 1) return;
    z.forEach((zn, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      wins += zp > zn ? 1 : zp === zn ? 0.5 : 0;
    });
  });
  assert.ok(Math.abs(m.roc_auc - wins / pairs) < 1e-12, `${m.roc_auc} vs ${wins / pairs}`);
});
