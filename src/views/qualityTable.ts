/**
 * The report's table of generate runs: each run's quality figures at its last epoch beside its baselines'
 * (independent marginals, a Gaussian copula), scored against the same held-out rows, so that a reader sees
 * at once whether the model beats them. Pure HTML; empty when no run generates.
 */
import type { RunRecord } from '../core/store/records';
import type { Metrics } from '../core/trainer/events';
import { escapeHtml } from './panelHtml';

/** The figures in the order the table shows them, all better lower (c2st_auc down to 0.5). */
export const QUALITY_COLUMNS = ['c2st_auc', 'ks_mean', 'tvd_mean', 'corr_diff'] as const;

export function qualityTableHtml(records: readonly Pick<RunRecord, 'meta' | 'summary'>[]): string {
  const runs = records.filter((r) => r.summary?.task === 'generate' && r.summary.final);
  if (!runs.length) return '';
  const rows = runs.flatMap((r) => {
    const s = r.summary!;
    const name = `${r.meta.config.name} (${r.meta.config.loss.name})`;
    const baselines = Object.entries(s.baselines ?? {}).map(([b, m]): [string, Metrics] => [`${b} baseline`, m]);
    return [[name, s.final!.metrics] as [string, Metrics], ...baselines].map(
      ([label, m], i) => `<tr${i === 0 ? ' class="model"' : ''}><th>${escapeHtml(label)}</th>${cells(m)}</tr>`,
    );
  });
  const head = QUALITY_COLUMNS.map((c) => `<th>${c}</th>`).join('');
  return `<section class="losslab-quality">
<h2>Generated rows against held-out rows (lower is better; c2st_auc 0.5 = indistinguishable)</h2>
<table><thead><tr><th>rows from</th>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
</section>
`;
}

function cells(m: Metrics): string {
  // Every figure lies in [0, 1]: three decimals tell runs apart as far as the held-out rows can.
  return QUALITY_COLUMNS.map((c) => `<td>${Number.isFinite(m[c]) ? m[c].toFixed(3) : ''}</td>`).join('');
}
