/** `losslab inspect`: what Loss Lab makes of a CSV: columns, types, missing values, the inferred task. */
import { describeColumns, typeColumns } from '../core/csv';
import { loadCsv, type LoadProgress } from '../io/csv/load';
import { buildDataset } from '../core/dataset';
import { LossLabError } from '../core/errors';
import { type Command, type ParsedArgs } from './args';
import { fmt, table } from './format';

export const INSPECT_COMMAND: Command = {
  name: 'inspect',
  usage: ['inspect <csv> [--target COL] [--json]'],
  summary: 'columns, types, missing values and the task the target makes',
  groups: [
    {
      title: 'flags',
      flags: [
        { flag: '--target', path: null, kind: 'string', arg: 'COL', help: 'the target column to infer a task for (default: the last)' },
        { flag: '--json', path: null, kind: 'bool', help: 'print JSON' },
      ],
    },
  ],
  run: inspectCommand,
};

async function inspectCommand(parsed: ParsedArgs): Promise<number> {
  const file = parsed.positional[0];
  if (!file) throw new LossLabError('losslab inspect needs a CSV file: losslab inspect data.csv');
  const t0 = performance.now();
  const progress = progressLine(file);
  let table0;
  try {
    table0 = await loadCsv(file, { onProgress: progress });
  } finally {
    if (progress) process.stderr.write('\r\x1b[K');
  }
  const readSeconds = (performance.now() - t0) / 1000;
  const columns = describeColumns(typeColumns(table0), table0);
  const targetArg = parsed.flags.get('--target')?.at(-1);
  const target = targetArg ?? table0.header[table0.header.length - 1];
  const dataset = buildDataset(table0, { target: targetArg, valSplit: 0 });
  const result = {
    file,
    rows: table0.rowCount,
    delimiter: table0.delimiter,
    columns,
    target,
    task: dataset.task,
    classes: dataset.classes,
    features: dataset.featureNames.length,
    warnings: dataset.warnings,
    timing: { read_s: readSeconds },
  };
  if (parsed.flags.has('--json')) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }
  const rows = columns.map((c) => [
    c.name,
    c.kind,
    String(c.missing),
    c.kind === 'numeric' ? `${fmt(c.min ?? null)} … ${fmt(c.max ?? null)}, mean ${fmt(c.mean ?? null)}` : (c.top ?? []).map((t) => `${t.level} (${t.count})`).join(', '),
  ]);
  process.stdout.write(`${file}: ${table0.rowCount} rows, ${table0.header.length} columns, delimiter ${JSON.stringify(table0.delimiter)}\n\n`);
  process.stdout.write(table(['column', 'type', 'missing', 'values'], rows) + '\n\n');
  process.stdout.write(`target '${target}' → ${dataset.task}${dataset.classes ? ` (${dataset.classes.length} classes: ${dataset.classes.slice(0, 10).join(', ')}${dataset.classes.length > 10 ? ', …' : ''})` : ''}, ${dataset.featureNames.length} input features\n`);
  for (const w of dataset.warnings) process.stdout.write(`warning: ${w}\n`);
  return 0;
}

/** Progress of reading a large file, on a terminal's stderr only (one line, rewritten, cleared at the end). */
function progressLine(file: string): ((p: LoadProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let shown = -1;
  return (p) => {
    if (p.totalBytes < 16 << 20) return;
    const percent = Math.floor((100 * p.bytes) / p.totalBytes);
    if (percent === shown) return;
    shown = percent;
    process.stderr.write(`\rreading ${file}: ${percent}% (${p.rows} rows)`);
  };
}
