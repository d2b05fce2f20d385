/** "Inspect columns": a Markdown page of what Loss Lab makes of a CSV. */
import * as path from 'node:path';
import type { ColumnSummary, CsvTable } from '../core/csv';
import type { Dataset } from '../core/dataset';

function num(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '';
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function inspectMarkdown(table: CsvTable, columns: readonly ColumnSummary[], dataset: Dataset | null, datasetError: string | null): string {
  const lines = [
    `# ${cell(path.basename(table.file))}`,
    '',
    `${table.rowCount} rows, ${table.header.length} columns, delimiter \`${table.delimiter === '\t' ? '\\t' : table.delimiter}\``,
    '',
    '| column | type | missing | distinct | values |',
    '|---|---|---:|---:|---|',
    ...columns.map((c) => {
      const values =
        c.kind === 'numeric'
          ? `${num(c.min)} … ${num(c.max)}, mean ${num(c.mean)}, std ${num(c.std)}`
          : c.kind === 'categorical'
            ? (c.top ?? []).map((t) => `${t.level} (${t.count})`).join(', ')
            : `constant: ${c.value ?? '(empty)'}`;
      return `| ${cell(c.name)} | ${c.kind} | ${c.missing} | ${c.distinct} | ${cell(values)} |`;
    }),
    '',
  ];
  if (dataset) {
    const target = dataset.targetNames.join(', ');
    lines.push(
      `Target **${cell(target)}** (the last column) → **${dataset.task}**${dataset.classes ? `, ${dataset.classes.length} classes: ${cell(dataset.classes.slice(0, 12).join(', '))}${dataset.classes.length > 12 ? ', …' : ''}` : ''}; ${dataset.featureNames.length} input features after one-hot encoding.`,
    );
  }
  if (datasetError) lines.push(`As a training set with the last column as target: ${cell(datasetError)}`);
  if (dataset?.warnings.length) lines.push('', ...dataset.warnings.map((w) => `- ⚠ ${cell(w)}`));
  return lines.join('\n') + '\n';
}
