/** `losslab rows`: the rows that carry a recorded run's loss gradient, with the CSV line each came from. */
import { LossLabError } from '../core/errors';
import { DEFAULT_TOP, type SplitRows } from '../core/probe/rows';
import { type RowsReport, rowsReport } from '../runs/rowsReport';
import { type Command, type ParsedArgs, numberArg, oneRunFolder } from './args';
import { fmt, table } from './format';

export const ROWS_COMMAND: Command = {
  name: 'rows',
  usage: ['rows RUN_DIR [--top K] [--json]'],
  summary:
    "the rows that drive a recorded run's loss: each row's loss at its trained weights and its share of the gradient, the K carrying most",
  groups: [
    {
      title: 'flags',
      flags: [
        {
          flag: '--top',
          path: null,
          kind: 'int',
          arg: 'K',
          help: `rows listed per split (default ${DEFAULT_TOP})`,
        },
        { flag: '--json', path: null, kind: 'bool', help: 'print JSON: train and val, each with its top rows' },
      ],
    },
  ],
  notes:
    "A row's share is its gradient's norm over the sum of the split's: the per-example gradient of the split's mean loss with respect to the model's output (for MSE 2(pred − y)/n), not through the weights.",
  run: rowsCommand,
};

async function rowsCommand(parsed: ParsedArgs): Promise<number> {
  const dir = oneRunFolder(parsed, 'rows', '--top 10');
  const top = numberArg(parsed, '--top', true) ?? DEFAULT_TOP;
  if (top < 1) throw new LossLabError(`--top must be at least 1, got ${top}`, { field: '--top' });
  const report = await rowsReport(dir, top);
  process.stdout.write(parsed.flags.has('--json') ? JSON.stringify(report) + '\n' : rowsText(report));
  return 0;
}

function rowsText(r: RowsReport): string {
  const lines = [
    `${r.run}: ${r.loss} loss at its ${r.weights} weights; share of the gradient with respect to the output`,
  ];
  const split = (name: string, s: SplitRows) => {
    const cell = (v: RowReport['target']) =>
      typeof v === 'number' ? fmt(v) : Array.isArray(v) ? v.map((x) => fmt(x)).join(' ') : v;
    lines.push(
      '',
      `${name}: ${s.rows} rows, mean loss ${fmt(s.mean_loss, 6)}; the top 1% of rows carry ${fmt(100 * s.top_1pct_share, 1)}% of the gradient`,
      table(
        ['line', 'target', 'prediction', 'loss', 'share'],
        s.top.map((row) => [
          String(row.line),
          cell(row.target),
          cell(row.prediction),
          fmt(row.loss, 6),
          fmt(row.share, 6),
        ]),
      ),
    );
  };
  split('training rows', r.train);
  if (r.val) split('validation rows', r.val);
  return lines.join('\n') + '\n';
}

type RowReport = SplitRows['top'][number];
