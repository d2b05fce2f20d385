/** `losslab sample`: synthetic rows from a recorded generate run, as a CSV in the data's own units and labels. */
import * as fs from 'node:fs';
import { csvLines } from '../core/csv/write';
import { LossLabError, quote } from '../core/errors';
import { sampleRun } from '../runs/sampleRun';
import { type Command, type ParsedArgs, numberArg, oneRunFolder } from './args';

export const SAMPLE_COMMAND: Command = {
  name: 'sample',
  usage: ['sample RUN_DIR -n N [-o FILE] [--seed S]'],
  summary:
    "synthetic rows from a generate run's final weights: the CSV's column names, numbers in its units, its category labels",
  groups: [
    {
      title: 'flags',
      flags: [
        { flag: '--rows', short: '-n', path: null, kind: 'int', arg: 'N', help: 'rows to draw (required)' },
        {
          flag: '--output',
          short: '-o',
          path: null,
          kind: 'string',
          arg: 'FILE',
          help: 'the CSV file to write, replaced if it exists (default: stdout)',
        },
        {
          flag: '--seed',
          path: null,
          kind: 'int',
          arg: 'S',
          help: "seed of the draws (default the run's seed); the same seed gives the same rows",
        },
      ],
    },
  ],
  notes:
    "Each row is z ~ N(0, I) through the VAE's decoder or the GAN's generator; numeric columns are mapped back from standardized units, and each categorical column's label is drawn from its softmax.",
  run: sampleCommand,
};

async function sampleCommand(parsed: ParsedArgs): Promise<number> {
  const dir = oneRunFolder(parsed, 'sample', '-n 1000 -o synth.csv');
  const raw = parsed.flags.get('--rows')?.at(-1);
  if (raw === undefined) throw new LossLabError('losslab sample needs the number of rows: -n N', { field: '--rows' });
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 1)
    throw new LossLabError(`-n must be a positive integer, got ${quote(raw)}`, { field: '--rows' });
  const seed = numberArg(parsed, '--seed', true) ?? null;
  const s = await sampleRun(dir, n, seed);
  const text = csvLines(s.header, s.rows);
  const out = parsed.flags.get('--output')?.at(-1);
  if (!out) {
    process.stdout.write(text);
    return 0;
  }
  fs.writeFileSync(out, text);
  process.stderr.write(`wrote ${out}: ${n} rows from ${s.run} (${s.loss}, seed ${s.seed})\n`);
  return 0;
}
