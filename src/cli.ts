/**
 * `losslab`: the headless face of Loss Lab. Errors a user can cause print one line and exit with 2;
 * anything else is a bug and keeps its stack trace.
 */
import { COMMON_FLAGS, type FlagSpec, TRAIN_FLAGS } from './cli/args';
import { applyEnvironment } from './io/env';
import { demoCommand } from './cli/demo';
import { exportCommand } from './cli/export';
import { runCommand } from './cli/experiment';
import { inspectCommand } from './cli/inspect';
import { LR_FIND_FLAGS, lrFindCommand } from './cli/lrFind';
import { newCommand } from './cli/new';
import { reportCommand } from './cli/report';
import { runsCommand } from './cli/runs';
import { scheduleCommand } from './cli/schedule';
import { SWEEP_FLAGS, sweepCommand } from './cli/sweep';
import { trainCommand } from './cli/train';
import { TRAJECTORY_FLAGS, trajectoriesCommand } from './cli/trajectories';
import { isLossLabError } from './core/errors';
import { VERSION } from './core/version';

applyEnvironment();

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  train: trainCommand,
  inspect: inspectCommand,
  run: runCommand,
  runs: runsCommand,
  demo: demoCommand,
  report: reportCommand,
  sweep: sweepCommand,
  new: newCommand,
  'lr-find': lrFindCommand,
  schedule: scheduleCommand,
  trajectories: trajectoriesCommand,
  export: exportCommand,
};

function flagHelp(flags: readonly FlagSpec[]): string {
  return flags.map((f) => `  ${`${f.flag}${f.arg ? ` ${f.arg}` : ''}`.padEnd(26)} ${f.help}`).join('\n');
}

const HELP = `losslab ${VERSION}: train and compare losses, optimizers and schedules on a CSV

usage:
  losslab train <csv> [flags]              train one model and record the run
  losslab inspect <csv> [--target COL] [--json]
                                           columns, types, missing values, the inferred task
  losslab run <file.losslab.json> [--run NAME] [--json]
                                           the runs of an experiment file, then a comparison
  losslab runs [--out DIR] [--json]        recorded runs with status and final metrics
  losslab sweep <csv> [flags]              a grid of runs: any training flag may list several values,
                                           comma-separated (lists in brackets: --hidden [64,64],[32])
  losslab sweep <file.losslab.json>        the sweep block of an experiment file
  losslab lr-find <csv> [flags] [--json]   the learning-rate range test: loss against an exponentially
                                           growing rate, and a suggested rate
  losslab schedule <csv|file.losslab.json> [flags] [--json]
                                           the learning rate of every step, without training; flags
                                           with several values overlay schedules
  losslab trajectories <surface> [--optimizers A,B] [--steps N] [--lr X] [--json]
                                           optimizers' paths over rosenbrock, beale, saddle, quadratic,
                                           or model <csv> [flags] (two weights of the model)
  losslab export pytorch <run-dir> [-o FILE]
                                           a recorded run as a standalone PyTorch script that replays it
  losslab new <template> <csv> [--target COL] [-o FILE]
                                           an experiment file from a template (losslab new lists them)
  losslab report [RUN_ID...] [-o FILE]     an HTML report with the dashboard's charts
  losslab demo                             three setups on the bundled iris sample, and a report

training flags:
${flagHelp(TRAIN_FLAGS)}

common flags:
${flagHelp(COMMON_FLAGS)}

sweep flags:
${flagHelp(SWEEP_FLAGS)}

lr-find flags:
${flagHelp(LR_FIND_FLAGS)}

trajectories flags:
${flagHelp(TRAJECTORY_FLAGS)}

Errors in the data or the flags exit with code 2.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (command === '--version') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`losslab: unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (isLossLabError(e)) {
      process.stderr.write(`losslab: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`losslab: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
