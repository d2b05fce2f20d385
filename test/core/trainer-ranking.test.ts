/**
 * Ranking on queries whose relevance is known: grades are a noisy bucketing of a hidden score of the
 * features, so the best any scorer can do is to rank by that hidden score. Every loss must come close to
 * that ideal ranking's NDCG@10 on the validation queries, and far above a random order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { buildDataset, type Dataset } from '../../src/core/dataset';
import { Rng } from '../../src/core/rng';
import { planRun } from '../../src/core/trainer/setup';
import { train } from '../../src/core/trainer/train';
import { rankingMetrics } from '../../src/core/trainer/rankingMetrics';

const W = [1.2, -0.8, 0.5, 0, 0.3];

/** 300 queries of 5 to 20 documents: five features, a hidden score x·w + 0.5·x0², grades 0–4 from it plus noise. */
function queries(): { ds: Dataset; hidden: Float64Array } {
  const rng = new Rng(7);
  const lines = ['query,f0,f1,f2,f3,f4,grade'];
  const hidden: number[] = [];
  for (let q = 0; q < 300; q++) {
    const docs = 5 + Math.floor(rng.uniform() * 16);
    for (let i = 0; i < docs; i++) {
      const x = W.map(() => rng.normal());
      const score = x.reduce((s, v, j) => s + v * W[j], 0.5 * x[0] * x[0]);
      const grade = Math.min(4, Math.max(0, Math.round(score / 1.5 + 1.5 + 0.4 * rng.normal())));
      lines.push(`q${q},${x.map((v) => v.toFixed(6)).join(',')},${grade}`);
      hidden.push(score);
    }
  }
  const ds = buildDataset(parseCsvText(lines.join('\n'), 'queries.csv'), { target: 'grade', group: 'query', seed: 0 });
  return { ds, hidden: Float64Array.from(ds.lines, (line) => hidden[line - 2]) };
}

/** NDCG@10 of scoring the validation rows with `score(row)`. */
function valNdcg(ds: Dataset, score: (row: number) => number): number {
  const rows = Array.from(ds.val);
  return rankingMetrics(
    rows.map(score),
    rows.map((r) => ds.y[r]),
    rows.map((r) => ds.group![r]),
  )['ndcg@10'];
}

const data = queries();
const ideal = valNdcg(data.ds, (r) => data.hidden[r]);
const rng = new Rng(3);
const random = valNdcg(data.ds, () => rng.uniform());

for (const loss of ['lambdarank', 'ranknet', 'listnet', 'margin_ranking', 'mse']) {
  test(`ranking with ${loss} reaches the ideal ranking's NDCG@10 within 0.03 (ideal ${ideal.toFixed(3)}, random ${random.toFixed(3)})`, async (t) => {
    const config = resolveRunConfig(
      {
        loss,
        model: { hidden: [16], activation: 'tanh' },
        optimizer: { name: 'adam', lr: 0.02 },
        training: { epochs: 40, batchSize: 16, seed: 1 },
      },
      defaultConfig('queries.csv'),
    );
    const { summary } = await train(planRun(config, data.ds));
    const ndcg = summary.final!.metrics['ndcg@10'];
    t.diagnostic(`${loss}: val NDCG@10 ${ndcg.toFixed(4)}, ideal ${ideal.toFixed(4)}, random ${random.toFixed(4)}`);
    assert.ok(ndcg >= ideal - 0.03, `NDCG@10 ${ndcg} vs ideal ${ideal}`);
    assert.ok(ideal - random > 0.2, `the data must separate a good ranking from a random one: ${ideal} vs ${random}`);
  });
}
