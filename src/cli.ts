/**
 * `losslab`: the headless face of Loss Lab. Errors a user can cause print one line and exit with 2;
 * anything else is a bug and keeps its stack trace.
 */
import { type Command, commandFlags, commandHelp, parseArgs, wrap } from './cli/args';
import { DEMO_COMMAND } from './cli/demo';
import { EXPORT_COMMAND } from './cli/export';
import { RUN_COMMAND } from './cli/experiment';
import { INSPECT_COMMAND } from './cli/inspect';
import { INTERPOLATE_COMMAND } from './cli/interpolate';
import { LR_FIND_COMMAND } from './cli/lrFind';
import { NEW_COMMAND } from './cli/new';
import { REPORT_COMMAND } from './cli/report';
import { RESUME_COMMAND } from './cli/resume';
import { ROWS_COMMAND } from './cli/rows';
import { RUNS_COMMAND } from './cli/runs';
import { SAMPLE_COMMAND } from './cli/sample';
import { SCHEDULE_COMMAND } from './cli/schedule';
import { SWEEP_COMMAND } from './cli/sweep';
import { TRAIN_COMMAND } from './cli/train';
import { TRAJECTORIES_COMMAND } from './cli/trajectories';
import { WORKER_COMMAND } from './cli/worker';
import { isLossLabError, quote } from './core/errors';
import { VERSION } from './core/version';
import { applyEnvironment } from './io/env';

applyEnvironment();

/** In the order `losslab --help` lists them. */
const COMMANDS: readonly Command[] = [
  TRAIN_COMMAND,
  INSPECT_COMMAND,
  RUN_COMMAND,
  RUNS_COMMAND,
  SWEEP_COMMAND,
  WORKER_COMMAND,
  LR_FIND_COMMAND,
  SCHEDULE_COMMAND,
  TRAJECTORIES_COMMAND,
  RESUME_COMMAND,
  INTERPOLATE_COMMAND,
  ROWS_COMMAND,
  SAMPLE_COMMAND,
  EXPORT_COMMAND,
  NEW_COMMAND,
  REPORT_COMMAND,
  DEMO_COMMAND,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const list = COMMANDS.map(
    (c) => `  ${c.name.padEnd(width)}${wrap(c.summary, 96 - width).join(`\n  ${' '.repeat(width)}`)}`,
  );
  return [
    `losslab ${VERSION}: train and compare losses, optimizers and schedules on a CSV`,
    'usage: losslab <command> [arguments] [flags]',
    `commands:\n${list.join('\n')}`,
    'losslab <command> --help shows what a command takes and its flags. Errors in the data or the flags exit with code 2.',
  ].join('\n\n');
}

function unknownCommand(name: string): number {
  process.stderr.write(
    `losslab: unknown command ${quote(name)}; commands: ${COMMANDS.map((c) => c.name).join(', ')} (see losslab --help)\n`,
  );
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || (name === 'help' && !rest.length)) {
    process.stdout.write(help() + '\n');
    return 0;
  }
  if (name === '--version') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  // `losslab help train` is `losslab train --help`.
  const [wanted, args] = name === 'help' ? [rest[0], ['--help']] : [name, rest];
  const command = COMMANDS.find((c) => c.name === wanted);
  if (!command) return unknownCommand(wanted);
  try {
    const parsed = parseArgs(args, commandFlags(command), command.name);
    if (parsed.flags.has('--help')) {
      process.stdout.write(commandHelp(command) + '\n');
      return 0;
    }
    return await command.run(parsed);
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
      process.stderr.write(
        `losslab: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
