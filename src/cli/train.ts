/** `losslab train`: one run from a CSV, flags and optionally an experiment file. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../core/config/defaults';
import { parseJsonc, pickRun, resolveExperiment } from '../core/config/experiment';
import { resolveRunConfig } from '../core/config/resolve';
import type { RunConfig } from '../core/config/types';
import { LossLabError, quote, quoteList, showPath } from '../core/errors';
import { type RunOutcome, runTraining } from '../runs/runTraining';
import type { EpochSnapshot } from '../core/trainer/events';
import { type SettingFix, closureConflict } from '../core/trainer/closureStep';
import { RunControl } from '../core/trainer/control';
import { COMMON_FLAGS, type Command, type ParsedArgs, TRAIN_COMMAND_FLAGS, flagsToConfig, runsDir } from './args';
import { duration } from '../views/duration';
import { fmt } from './format';
import { Progress } from './progress';
import { comparisonTable, runAll } from './experiment';
import { groupsJson, seedTable, seededRun } from './seeds';
import { seedRuns } from '../core/seeds/repeat';
import { groupSummaries } from '../core/seeds/summary';

export function readExperiment(file: string) {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new LossLabError(`file not found: ${showPath(file)}`, { file });
  }
  return resolveExperiment(parseJsonc(text, file), file);
}

/** Defaults, then the experiment file's run (--config/--run), then the flags, then the CSV argument. */
export function configFromArgs(parsed: ParsedArgs): RunConfig {
  const csv = parsed.positional[0];
  const configFile = parsed.flags.get('--config')?.at(-1);
  let base: RunConfig;
  if (configFile) {
    const exp = readExperiment(configFile);
    const runName = parsed.flags.get('--run')?.at(-1);
    if (runName) base = pickRun(exp, runName);
    else if (exp.runs.length === 1) base = exp.runs[0];
    else
      throw new LossLabError(
        `${showPath(configFile)} has ${exp.runs.length} runs; choose one with --run NAME (${quoteList(exp.runs.map((r) => r.name))}), or run them all with losslab run`,
      );
  } else {
    if (!csv) throw new LossLabError('losslab train needs a CSV file: losslab train data.csv [flags]');
    base = defaultConfig(csv);
    base.name = path.basename(csv).replace(/\.csv$/i, '');
  }
  const raw = flagsToConfig(parsed, TRAIN_COMMAND_FLAGS);
  if (csv) raw.data = { ...(raw.data as object), path: csv };
  const loss = raw.loss as Record<string, unknown> | undefined;
  const task = (raw.data as { task?: unknown } | undefined)?.task ?? base.data.task;
  if (loss && loss.name === undefined && !base.loss.name && task !== 'multitask' && task !== 'generate')
    throw new LossLabError(
      '--loss-param, --task-weighting and --task-weights configure a loss: name it with --loss ID (or use --task multitask)',
    );
  return resolveRunConfig(raw, base);
}

function snapshotJson(s: EpochSnapshot | null) {
  return s && { epoch: s.epoch, train_loss: s.trainLoss, val_loss: s.valLoss, metrics: s.metrics };
}

/** The `--json` result of one run (snake_case, stable for scripts). */
export function outcomeJson(o: RunOutcome) {
  const s = o.summary;
  return {
    name: o.config.name,
    run_dir: o.runDir,
    status: s.status,
    task: s.task,
    loss: o.config.loss,
    optimizer: o.config.optimizer,
    schedule: o.config.schedule,
    classes: s.classes,
    final: snapshotJson(s.final),
    best: s.best && { ...snapshotJson(s.best)!, monitor: s.best.monitor, value: s.best.value },
    confusion: s.confusion,
    history: { train_loss: s.history.trainLoss, val_loss: s.history.valLoss },
    epochs: s.epochs,
    steps: s.steps,
    message: s.message,
    diverged_at_step: s.divergedAtStep,
    warnings: o.dataset.warnings,
    timing: { load_s: o.loadSeconds, train_s: s.timing.trainSeconds },
    ...(s.baselines && { baselines: s.baselines }),
    ...(s.pretrain && {
      pretrain: { epochs: s.pretrain.epochs, steps: s.pretrain.steps, history: s.pretrain.history },
    }),
  };
}

export function describeOutcome(o: RunOutcome): string {
  const s = o.summary;
  const d = o.dataset;
  const target = d.targetNames.join(', ');
  const what = d.classes ? `${d.task}, ${d.classes.length} classes` : d.task;
  const metrics = s.final
    ? Object.entries(s.final.metrics)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join('  ')
    : '';
  const lines = [
    `${path.basename(o.config.data.path)} → ${target} (${what}); ${d.train.length} train / ${d.val.length} validation rows, ${d.d} features`,
    `${o.config.loss.name} · ${o.config.optimizer.name} lr ${o.config.optimizer.lr} · ${o.config.schedule.name} · ${s.epochs} epochs, ${s.steps} steps`,
    `${s.status} in ${duration(s.timing.trainSeconds)} (data ${duration(o.loadSeconds)})${s.message ? `: ${s.message}` : ''}`,
  ];
  if (s.pretrain)
    lines.push(
      `pretrained ${s.pretrain.epochs} epochs (${s.pretrain.steps} steps): NT-Xent ${fmt(s.pretrain.history.loss[0])} → ${fmt(s.pretrain.history.loss.at(-1))}`,
    );
  if (s.final) lines.push(`final: train loss ${fmt(s.final.trainLoss)}  val loss ${fmt(s.final.valLoss)}  ${metrics}`);
  if (s.best) lines.push(`best: epoch ${s.best.epoch}, ${s.best.monitor} ${fmt(s.best.value)}`);
  if (o.runDir) lines.push(`recorded in ${o.runDir}`);
  return lines.join('\n');
}

/** Ctrl-C stops the run cleanly (status cancelled, record kept); a second Ctrl-C exits at once. */
export function cancelOnInterrupt(control: RunControl): () => void {
  const onSigint = () => {
    if (control.cancelled) process.exit(130);
    control.cancel();
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}

export const TRAIN_COMMAND: Command = {
  name: 'train',
  usage: ['train <csv> [flags]', 'train --config FILE [--run NAME] [flags]'],
  summary: 'train one model and record the run; the last column is the target unless --target names another',
  groups: [
    { title: 'training flags', flags: TRAIN_COMMAND_FLAGS },
    { title: 'common flags', flags: COMMON_FLAGS },
  ],
  run: trainCommand,
};

/** A setting as the terminal changes it: its flag (`use --batch-size full`), or its field when a file set it. */
function flagFix(parsed: ParsedArgs): SettingFix {
  return (field, value) => {
    const flag = TRAIN_COMMAND_FLAGS.find((f) => f.path === field)?.flag;
    if (flag && value !== null) return `use ${flag} ${value}`;
    if (flag && parsed.flags.has(flag)) return `remove ${flag}`;
    return value === null ? `remove ${field} from the experiment file` : `set ${field} to ${value}`;
  };
}

async function trainCommand(parsed: ParsedArgs): Promise<number> {
  if (parsed.positional.length > 1)
    throw new LossLabError(
      `losslab train takes one CSV file, got ${parsed.positional.length}: ${parsed.positional.map((a) => quote(a)).join(' ')}`,
    );
  const config = configFromArgs(parsed);
  const conflict = closureConflict(config, flagFix(parsed));
  if (conflict) throw conflict;
  const json = parsed.flags.has('--json');
  const outDir = runsDir(parsed);
  if (config.seeds) return trainSeeds(config, outDir, json, parsed.flags.has('--quiet'));
  const control = new RunControl();
  const progress = new Progress(config.name, process.stderr, parsed.flags.has('--quiet'));
  const release = cancelOnInterrupt(control);
  try {
    const outcome = await runTraining(config, { outDir, onEvent: progress.handle, control });
    if (json) process.stdout.write(JSON.stringify(outcomeJson(outcome)) + '\n');
    else process.stdout.write(describeOutcome(outcome) + '\n');
    return 0;
  } finally {
    release();
  }
}

/** `--seeds`: the configuration once per seed, one after another, then mean ± std of each final value. */
async function trainSeeds(config: RunConfig, outDir: string, json: boolean, quiet: boolean): Promise<number> {
  const outcomes = await runAll(seedRuns(config), { outDir, experiment: null, quiet });
  const seeded = outcomes.map((o) => seededRun(o.config, o.summary));
  if (json)
    process.stdout.write(
      JSON.stringify({ runs: outcomes.map(outcomeJson), groups: groupsJson(groupSummaries(seeded)) }) + '\n',
    );
  else process.stdout.write(`${comparisonTable(outcomes)}\n\n${seedTable(seeded)}\n`);
  return 0;
}
