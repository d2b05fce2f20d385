/** The generate dashboard's view models: shares on shared bins, the series it draws, the banner. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EpochPoint, GeneratedView, PreviewColumn } from '../../src/protocol/webview';
import {
  collapseBanner,
  histogramView,
  lossSeries,
  qualityPanels,
  rowCount,
  scatterView,
} from '../../src/views/generateCharts';

const numeric = (name: string, values: number[]): PreviewColumn => ({ kind: 'numeric', name, values });
const color: PreviewColumn = {
  kind: 'categorical',
  name: 'color',
  labels: ['red', 'green', 'blue'],
  codes: [0, 0, 1, 2],
};

function epoch(n: number, metrics: Record<string, number>, spread?: EpochPoint['spread']): EpochPoint {
  return { epoch: n, step: n * 10, t: n, trainLoss: 1, valLoss: null, metrics, ...(spread && { spread }) };
}

test('a categorical column: each label’s share of the real and of the generated rows', () => {
  const v = histogramView(color, { ...color, codes: [1, 1, 1, 1, 1, 2] });
  assert.deepEqual(v.labels, ['red', 'green', 'blue']);
  assert.deepEqual(v.real, [0.5, 0.25, 0.25]);
  assert.deepEqual(v.synthetic, [0, 5 / 6, 1 / 6]);
  assert.deepEqual(v.edges, []);
});

test('a numeric column: both samples on the same bins over their joint range (numpy.histogram with range)', () => {
  // 8 values each: Rice's rule gives ⌈2·∛8⌉ = 4 bins over [0, 4] (numpy: edges 0, 1, 2, 3, 4).
  const v = histogramView(numeric('x', [0, 0.5, 1, 1, 1.5, 2, 2, 2]), numeric('x', [2, 3, 3, 3.5, 4, 4, 4, 4]));
  assert.deepEqual(v.edges, [0, 1, 2, 3, 4]);
  assert.deepEqual(v.real, [2 / 8, 3 / 8, 3 / 8, 0]);
  assert.deepEqual(v.synthetic, [0, 0, 1 / 8, 7 / 8]);
  assert.deepEqual(v.labels, ['0 to 1', '1 to 2', '2 to 3', '3 to 4']);
});

test('the loss parts in a fixed order with their names; the quality figures with the baselines as references', () => {
  const epochs = [
    epoch(1, { g_loss: 0.7, d_loss: 1.3, wasserstein: 0.2 }),
    epoch(5, { g_loss: 0.6, d_loss: 1.2, wasserstein: 0.1, ks_mean: 0.4, c2st_auc: 0.9 }),
    epoch(10, { g_loss: 0.5, d_loss: 1.1, wasserstein: 0.05, ks_mean: 0.3, c2st_auc: 0.8 }),
  ];
  assert.deepEqual(
    lossSeries(epochs).map((s) => [s.label, s.points.map((p) => p.y)]),
    [
      ['discriminator / critic', [1.3, 1.2, 1.1]],
      ['generator', [0.7, 0.6, 0.5]],
      ['Wasserstein estimate', [0.2, 0.1, 0.05]],
    ],
  );
  const panels = qualityPanels(epochs, {
    independent: { ks_mean: 0.2, c2st_auc: 0.7 },
    gaussian_copula: { ks_mean: 0.25 },
  });
  assert.deepEqual(
    panels.map((p) => [p.figure, p.series.points, p.references]),
    [
      [
        'ks_mean',
        [
          { x: 5, y: 0.4 },
          { x: 10, y: 0.3 },
        ],
        [
          { label: 'independent marginals', y: 0.2 },
          { label: 'Gaussian copula', y: 0.25 },
        ],
      ],
      [
        'c2st_auc',
        [
          { x: 5, y: 0.9 },
          { x: 10, y: 0.8 },
        ],
        [{ label: 'independent marginals', y: 0.7 }],
      ],
    ],
  );
  assert.deepEqual(qualityPanels(epochs, null)[0].references, []);
});

test('the scatter pairs two numeric columns row by row; a categorical column has none', () => {
  const g: GeneratedView = {
    epoch: 5,
    real: [numeric('a', [1, 2]), numeric('b', [3, 4]), color],
    synthetic: [numeric('a', [5]), numeric('b', [6]), { ...color, codes: [0] }],
    baselines: {},
  };
  assert.deepEqual(scatterView(g, 'b', 'a'), {
    x: 'b',
    y: 'a',
    real: [
      { x: 3, y: 1 },
      { x: 4, y: 2 },
    ],
    synthetic: [{ x: 6, y: 5 }],
  });
  assert.equal(scatterView(g, 'a', 'color'), null);
  assert.equal(rowCount(g.real), 2);
  assert.equal(rowCount(g.synthetic), 1);
});

test('the banner follows the last check of the spread: shown while collapsed, gone once the rows spread again', () => {
  const collapsed = { ratio: 0.04, collapsed: true };
  assert.match(collapseBanner([epoch(5, {}, collapsed), epoch(6, {})])!, /^mode collapse at epoch 5: .* 4\.0% /);
  assert.equal(collapseBanner([epoch(5, {}, collapsed), epoch(10, {}, { ratio: 0.5, collapsed: false })]), null);
  assert.equal(collapseBanner([epoch(1, {})]), null);
});
