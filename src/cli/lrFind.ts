/** `losslab lr-find`: the learning-rate range test on a CSV with the training flags' model, loss and optimizer. */
import { LossLabError, quote } from '../core/errors';
import { LR_FIND_DEFAULTS, findLearningRate } from '../core/lrFinder';
import { loadData } from '../io/data';
import { type Command, type ParsedArgs, TRAIN_FLAGS, commonFlags } from './args';
import { fmt } from './format';
import { sparkline } from './schedule';
import { configFromArgs } from './train';

function numberFlag(values: string[] | undefined, flag: string): number | undefined {
  const v = values?.at(-1);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new LossLabError(`${flag} must be a number, got ${quote(v)}`);
  return n;
}

export const LR_FIND_COMMAND: Command = {
  name: 'lr-find',
  usage: ['lr-find <csv> [flags]', 'lr-find --config FILE [--run NAME] [flags]'],
  summary: 'the learning-rate range test: the loss against an exponentially growing rate, and a suggested rate',
  groups: [
    { title: 'training flags (the model, loss and optimizer tested)', flags: TRAIN_FLAGS },
    { title: 'common flags', flags: commonFlags('--config', '--run', '--json') },
    {
      title: 'range test flags',
      flags: [
        {
          flag: '--min-lr',
          path: null,
          kind: 'number',
          arg: 'X',
          help: `the first rate (default ${LR_FIND_DEFAULTS.minLr})`,
        },
        {
          flag: '--max-lr',
          path: null,
          kind: 'number',
          arg: 'X',
          help: `the rate reached after the last step (default ${LR_FIND_DEFAULTS.maxLr})`,
        },
        {
          flag: '--steps',
          path: null,
          kind: 'int',
          arg: 'K',
          help: `steps from the first rate to the last (default ${LR_FIND_DEFAULTS.steps})`,
        },
      ],
    },
  ],
  run: lrFindCommand,
};

async function lrFindCommand(parsed: ParsedArgs): Promise<number> {
  if (!parsed.positional.length && !parsed.flags.has('--config'))
    throw new LossLabError('losslab lr-find needs a CSV file: losslab lr-find data.csv [training flags]');
  const config = configFromArgs(parsed);
  const { dataset } = await loadData(config);
  const result = findLearningRate(config, dataset, {
    minLr: numberFlag(parsed.flags.get('--min-lr'), '--min-lr'),
    maxLr: numberFlag(parsed.flags.get('--max-lr'), '--max-lr'),
    steps: numberFlag(parsed.flags.get('--steps'), '--steps'),
  });
  if (parsed.flags.has('--json')) {
    const { suggestion, lrs, losses, rawLosses, stopped, note } = result;
    process.stdout.write(JSON.stringify({ suggestion, lrs, losses, raw_losses: rawLosses, stopped, note }) + '\n');
    return 0;
  }
  const { lrs, losses } = result;
  // The smoothed loss against log lr, from just under its lowest value so that the dip shows.
  const low = losses.reduce((a, b) => Math.min(a, b), Infinity);
  const high = losses.reduce((a, b) => Math.max(a, b), -Infinity);
  const floor = low - (high - low) / 8 || low / 2;
  process.stdout.write(
    `smoothed loss, lr ${fmt(lrs[0])} → ${fmt(lrs[lrs.length - 1])} (log scale):\n  ${sparkline(
      losses.map((l) => l - floor),
      high - floor,
    )}\n`,
  );
  if (result.stopped) process.stdout.write(`stopped after ${lrs.length} steps: ${result.stopped}\n`);
  if (result.suggestion === null) process.stdout.write(`no suggestion: ${result.note}\n`);
  else
    process.stdout.write(
      `suggested learning rate: ${fmt(result.suggestion)} (where the smoothed loss falls fastest)\n`,
    );
  return 0;
}
