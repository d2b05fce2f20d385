import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunRecord } from '../../src/core/store/records';
import { qualityTableHtml } from '../../src/views/qualityTable';

const record = (name: string, task: string, metrics: Record<string, number>, baselines?: object) =>
  ({
    meta: { config: { name, loss: { name: 'wgan_gp' } } },
    summary: { task, final: { metrics }, ...(baselines && { baselines }) },
  }) as unknown as RunRecord;

test("the quality table: the run's figures, then each baseline's, names escaped, blank where a figure is absent", () => {
  const html = qualityTableHtml([
    record(
      '<b>gan</b>',
      'generate',
      { c2st_auc: 0.61234, ks_mean: 0.2, corr_diff: 0.3 },
      {
        independent: { c2st_auc: 0.5, ks_mean: 0.1, corr_diff: 0.4 },
      },
    ),
  ]);
  assert.match(
    html,
    /<th>&#60;b&#62;gan&#60;\/b&#62; \(wgan_gp\)<\/th><td>0\.612<\/td><td>0\.200<\/td><td><\/td><td>0\.300<\/td>/,
  );
  assert.match(html, /<th>independent baseline<\/th><td>0\.500<\/td><td>0\.100<\/td><td><\/td><td>0\.400<\/td>/);
});

test('no table without a generate run', () => {
  assert.equal(qualityTableHtml([record('iris', 'multiclass', { accuracy: 0.9 })]), '');
  assert.equal(qualityTableHtml([]), '');
});
