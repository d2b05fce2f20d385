/** `losslab runs`: the recorded runs of a folder with their status and final metrics. */
import { listRuns, runProgress } from '../io/runStore';
import { reportedHeadline } from '../core/metricNames';
import type { EpochSnapshot } from '../core/trainer/events';
import { type Command, type ParsedArgs, RUNS_FOLDER_FLAG, runsDir } from './args';
import { fmt, table } from './format';
import { groupsJson, seedTable, seededRun } from './seeds';
import { groupSummaries } from '../core/seeds/summary';

/** The headline metric of a task. */
export function headline(final: EpochSnapshot | null): { name: string; value: number | null } {
  const m = final?.metrics ?? {};
  const name = reportedHeadline(m) ?? 'val_loss';
  return { name, value: name === 'val_loss' ? (final?.valLoss ?? null) : m[name] };
}

export const RUNS_COMMAND: Command = {
  name: 'runs',
  usage: ['runs [--out DIR] [--json]'],
  summary: 'recorded runs with their status and final metrics',
  groups: [
    {
      title: 'flags',
      flags: [RUNS_FOLDER_FLAG, { flag: '--json', path: null, kind: 'bool', help: 'print JSON' }],
    },
  ],
  run: runsCommand,
};

async function runsCommand(parsed: ParsedArgs): Promise<number> {
  const dir = runsDir(parsed);
  // A run without a summary (interrupted, or still running) shows how far its events got.
  const runs = listRuns(dir).map((r) => ({ ...r, progress: runProgress(r) }));
  const seeded = runs.map((r) => ({ ...seededRun(r.meta.config, null), final: r.progress.final }));
  const groups = groupSummaries(seeded);
  if (parsed.flags.has('--json')) {
    const rows = runs.map((r) => ({
      id: r.id,
      run_dir: r.dir,
      name: r.meta.config.name,
      experiment: r.meta.experiment,
      status: r.status,
      created: r.meta.created,
      task: r.meta.config.data.task ?? null,
      loss: r.meta.config.loss.name,
      optimizer: r.meta.config.optimizer.name,
      final: r.progress.final,
      epochs: r.progress.epochs,
      steps: r.progress.steps,
      history: { train_loss: r.progress.history.trainLoss, val_loss: r.progress.history.valLoss },
      ...(r.meta.config.data.labelFraction !== undefined && { label_fraction: r.meta.config.data.labelFraction }),
      ...(r.meta.config.pretrain && { pretrain: r.meta.config.pretrain }),
      ...(r.meta.config.group !== undefined && { group: r.meta.config.group, seed: r.meta.config.training.seed }),
    }));
    const grouped = groups.length ? { groups: groupsJson(groups) } : {};
    process.stdout.write(JSON.stringify({ out: dir, runs: rows, ...grouped }) + '\n');
    return 0;
  }
  if (!runs.length) {
    process.stdout.write(`no runs in ${dir}\n`);
    return 0;
  }
  const rows = runs.map((r) => {
    const h = headline(r.progress.final);
    return [
      r.id,
      r.status,
      r.meta.config.loss.name,
      `${r.meta.config.optimizer.name}`,
      String(r.progress.epochs),
      `${h.name} ${fmt(h.value)}`,
    ];
  });
  process.stdout.write(table(['run', 'status', 'loss', 'optimizer', 'epochs', 'result'], rows) + '\n');
  if (groups.length) process.stdout.write(`\n${seedTable(seeded)}\n`);
  return 0;
}
