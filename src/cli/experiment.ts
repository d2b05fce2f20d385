/** `losslab run`: the runs of an experiment file, one after another, then a comparison table. */
import { pickRun } from '../core/config/experiment';
import type { RunConfig } from '../core/config/types';
import { MAIN_METRICS } from '../core/metricNames';
import { LossLabError } from '../core/errors';
import { type RunOutcome, runTraining } from '../runs/runTraining';
import { RunControl } from '../core/trainer/control';
import { type Command, type ParsedArgs, commonFlags, runsDir } from './args';
import { duration } from '../views/duration';
import { fmt, table } from './format';
import { Progress } from './progress';
import { cancelOnInterrupt, outcomeJson, readExperiment } from './train';
import { groupsJson, seedTable, seededRun } from './seeds';
import { seedRuns } from '../core/seeds/repeat';
import { groupSummaries } from '../core/seeds/summary';

/** Runs configs in order, recording each; stops early if the user cancels. */
export async function runAll(
  configs: RunConfig[],
  opts: { outDir: string; experiment: string | null; quiet: boolean },
): Promise<RunOutcome[]> {
  const control = new RunControl();
  const release = cancelOnInterrupt(control);
  const outcomes: RunOutcome[] = [];
  const width = Math.max(...configs.map((c) => c.name.length));
  try {
    for (const config of configs) {
      const progress = new Progress(config.name.padEnd(width), process.stderr, opts.quiet);
      outcomes.push(
        await runTraining(config, {
          outDir: opts.outDir,
          experiment: opts.experiment,
          onEvent: progress.handle,
          control,
        }),
      );
      if (control.cancelled) break;
    }
  } finally {
    release();
  }
  return outcomes;
}

export function comparisonTable(outcomes: RunOutcome[]): string {
  const metricNames = [...new Set(outcomes.flatMap((o) => Object.keys(o.summary.final?.metrics ?? {})))].filter((m) =>
    (MAIN_METRICS as readonly string[]).includes(m),
  );
  const rows = outcomes.map((o) => {
    const f = o.summary.final;
    return [
      o.config.name,
      o.config.loss.name,
      `${o.config.optimizer.name} ${o.config.optimizer.lr}`,
      o.summary.status,
      fmt(f?.trainLoss),
      fmt(f?.valLoss),
      ...metricNames.map((m) => fmt(f?.metrics[m])),
      duration(o.summary.timing.trainSeconds),
    ];
  });
  return table(['run', 'loss', 'optimizer', 'status', 'train loss', 'val loss', ...metricNames, 'time'], rows);
}

export const RUN_COMMAND: Command = {
  name: 'run',
  usage: ['run <file.losslab.json> [--run NAME] [flags]'],
  summary: 'the runs of an experiment file, one after another, then a comparison',
  groups: [{ title: 'flags', flags: commonFlags('--run', '--out', '--json', '--quiet') }],
  run: runCommand,
};

async function runCommand(parsed: ParsedArgs): Promise<number> {
  const file = parsed.positional[0];
  if (!file) throw new LossLabError('losslab run needs an experiment file: losslab run name.losslab.json [--run NAME]');
  const exp = readExperiment(file);
  const only = parsed.flags.get('--run')?.at(-1);
  const configs = (only ? [pickRun(exp, only)] : exp.runs).flatMap(seedRuns);
  const outDir = runsDir(parsed);
  const outcomes = await runAll(configs, { outDir, experiment: exp.name, quiet: parsed.flags.has('--quiet') });
  const seeded = outcomes.map((o) => seededRun(o.config, o.summary));
  const groups = groupSummaries(seeded);
  if (parsed.flags.has('--json'))
    process.stdout.write(
      JSON.stringify({
        experiment: exp.name,
        runs: outcomes.map(outcomeJson),
        ...(groups.length && { groups: groupsJson(groups) }),
      }) + '\n',
    );
  else
    process.stdout.write(
      `${exp.name}\n\n${comparisonTable(outcomes)}\n${groups.length ? `\n${seedTable(seeded)}\n` : ''}`,
    );
  return 0;
}
