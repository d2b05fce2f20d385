/** `losslab interpolate`: the training and validation loss along the straight line between two solutions. */
import { LossLabError } from '../core/errors';
import { DEFAULT_POINTS } from '../core/probe/interpolate';
import { DEFAULT_RUNS_DIR } from '../core/store/records';
import { type InterpolationReport, interpolateRuns } from '../runs/interpolateRuns';
import { type Command, type ParsedArgs, numberArg } from './args';
import { fmt, table } from './format';

export const INTERPOLATE_COMMAND: Command = {
  name: 'interpolate',
  usage: ['interpolate RUN_A RUN_B [--points N] [--json]', 'interpolate RUN [--points N] [--json]'],
  summary:
    "the training and validation loss along the straight line between two runs' trained weights, or from a run's initial weights to its trained ones",
  groups: [
    {
      title: 'flags',
      flags: [
        {
          flag: '--points',
          path: null,
          kind: 'int',
          arg: 'N',
          help: `values of alpha from 0 to 1, both included (default ${DEFAULT_POINTS})`,
        },
        { flag: '--json', path: null, kind: 'bool', help: 'print JSON: alpha[], train_loss[], val_loss[]' },
      ],
    },
  ],
  notes:
    "The runs must share their data (file, rows, encoding, split) and architecture. A run's trained weights are its restored best ones where early stopping restored them, else its final ones; the loss is RUN_A's, scored in evaluation mode.",
  run: interpolateCommand,
};

async function interpolateCommand(parsed: ParsedArgs): Promise<number> {
  const [a, b, extra] = parsed.positional;
  if (!a || extra !== undefined)
    throw new LossLabError(
      `losslab interpolate takes one or two run folders (see losslab runs): losslab interpolate ${DEFAULT_RUNS_DIR}/<run-a> [${DEFAULT_RUNS_DIR}/<run-b>]`,
    );
  const report = await interpolateRuns(a, b ?? null, numberArg(parsed, '--points', true) ?? DEFAULT_POINTS);
  process.stdout.write(parsed.flags.has('--json') ? JSON.stringify(report) + '\n' : interpolationText(report));
  return 0;
}

function interpolationText(r: InterpolationReport): string {
  const rows = r.alpha.map((alpha, i) => [fmt(alpha, 3), fmt(r.train_loss[i], 6), fmt(r.val_loss[i], 6)]);
  return [
    `${r.loss} loss from ${r.from.run} (${r.from.weights} weights, alpha 0) to ${r.to.run} (${r.to.weights} weights, alpha 1)`,
    '',
    table(['alpha', 'train loss', 'val loss'], rows),
    '',
  ].join('\n');
}
