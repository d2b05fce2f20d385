/**
 * Synthetic live controls and end-of-run views for the development harness (harness.mjs): markers on the
 * running and the completed run, a binary confusion matrix, and a finished regression run with its
 * predictions, so that every view of the dashboard appears in the screenshots.
 */

/** Controls on the harness's runs: the running one paused, resumed and given a new rate; the completed one a new rate. */
export function controlsFor(runs) {
  const at = (run, step, action, lr = null) => ({ step, t: run.points[step].t, action, lr });
  const [running, completed] = runs;
  return {
    [running.view.id]: [
      at(running, 1800, 'pause'),
      { ...at(running, 1800, 'resume'), t: running.points[1800].t + 6 },
      at(running, 2600, 'lr', 5e-4),
    ],
    [completed.view.id]: [at(completed, 3000, 'lr', 0.02)],
  };
}

/** The confusion matrix of the binary harness runs (benign / malignant, 114 validation rows). */
export function classificationResults(classReport) {
  const confusion = [
    [69, 3],
    [4, 38],
  ];
  return {
    kind: 'classification',
    split: 'validation',
    classes: ['benign', 'malignant'],
    confusion,
    report: classReport(confusion),
  };
}

/** A ten-class confusion matrix (digits), to see the heat map with many classes. */
export function digitsResults(classReport) {
  const confusion = Array.from({ length: 10 }, (_, i) =>
    Array.from({ length: 10 }, (_, j) =>
      i === j ? 30 + ((i * 7) % 6) : (i * 3 + j * 5) % 11 === 0 ? 2 + (i % 3) : (i + j) % 13 === 0 ? 1 : 0,
    ),
  );
  return {
    kind: 'classification',
    split: 'validation',
    classes: Array.from({ length: 10 }, (_, i) => String(i)),
    confusion,
    report: classReport(confusion),
  };
}

/** A small seeded generator, so the synthetic runs look the same on every render. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const gauss = (r) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/**
 * A finished regression run (house prices in thousands): its view, points and results; the model
 * underestimates the expensive houses a little, as a linear model on skewed prices does.
 */
export function regressionRun({ histogram, histogramBins }) {
  const r = rng(11);
  const rows = 4128;
  const actual = [];
  const predicted = [];
  for (let i = 0; i < rows; i++) {
    const a = Math.exp(5.2 + 0.55 * gauss(r));
    actual.push(a);
    predicted.push(a - 0.08 * Math.max(0, a - 250) + 38 * gauss(r));
  }
  const residuals = actual.map((a, i) => a - predicted[i]);
  const steps = 1500;
  const points = Array.from({ length: steps }, (_, s) => {
    const loss = 0.25 + 0.9 * Math.exp(-s / 220);
    return {
      step: s,
      epoch: Math.floor(s / 50) + 1,
      t: s * 0.004,
      loss: loss * Math.exp(0.2 * gauss(r)),
      lr: s < 600 ? 0.01 : 0.004,
      gradNorm: 1 + loss,
      layerGradNorms: [loss],
      updateRatio: 1e-3,
    };
  });
  const epochs = Array.from({ length: 30 }, (_, e) => ({
    epoch: e + 1,
    step: (e + 1) * 50,
    t: (e + 1) * 0.2,
    trainLoss: 0.25 + 0.9 * Math.exp(-((e + 1) * 50) / 220),
    valLoss: 0.28 + 0.9 * Math.exp(-((e + 1) * 50) / 220),
    metrics: { r2: 0.74 - 0.6 * Math.exp(-e / 4), rmse: 41 + 60 * Math.exp(-e / 4) },
  }));
  const last = epochs.at(-1);
  const view = {
    id: 'housing-huber-20250101',
    name: 'housing · huber',
    experiment: 'outliers',
    status: 'completed',
    task: 'regression',
    config: { name: 'housing · huber', 'loss.name': 'huber', 'optimizer.name': 'adam', 'optimizer.lr': 0.01 },
    epoch: 30,
    epochs: 30,
    step: steps,
    totalSteps: steps,
    elapsed: 6.1,
    final: { trainLoss: last.trainLoss, valLoss: last.valLoss, metrics: last.metrics },
    best: { epoch: 30, monitor: 'val_loss', value: last.valLoss },
    message: null,
  };
  const results = {
    kind: 'regression',
    split: 'validation',
    target: 'price',
    rows,
    actual,
    predicted,
    residuals: histogram(residuals, histogramBins(rows)),
  };
  const controls = [{ step: 600, t: 2.4, action: 'lr', lr: 0.004 }];
  return { view, points, epochs, results, controls };
}
