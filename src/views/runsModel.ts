/**
 * The Runs tree's content, from recorded runs (this window's, earlier windows', the CLI's) and the
 * runs live in this window. Pure, so the grouping, labels and icons are unit-tested without VS Code.
 */
import * as path from 'node:path';
import type { ModelConfig, PretrainConfig } from '../core/config/types';
import { reportedHeadline } from '../core/metricNames';
import type { RunRecord, RunRemote } from '../core/store/records';
import type { Metrics, RunSummary } from '../core/trainer/events';
import { duration } from './duration';
import { type LiveRunState, type LiveStatus, progressText } from './liveRun';

export interface RunItem {
  /** The run folder once recorded, else the live key. */
  id: string;
  runDir: string | null;
  liveKey: string | null;
  label: string;
  description: string;
  tooltip: string;
  status: LiveStatus;
  /** A codicon id. */
  icon: string;
  /** A theme color id for the icon, or null. */
  color: string | null;
  contextValue: 'run.active' | 'run.done';
}

export interface RunGroup {
  experiment: string;
  runs: RunItem[];
}

const ICONS: Record<LiveStatus, [string, string | null]> = {
  queued: ['clock', null],
  running: ['sync~spin', null],
  completed: ['pass', 'testing.iconPassed'],
  early_stopped: ['pass-filled', 'testing.iconPassed'],
  diverged: ['warning', 'list.warningForeground'],
  failed: ['error', 'testing.iconFailed'],
  interrupted: ['debug-disconnect', 'disabledForeground'],
  cancelled: ['circle-slash', 'disabledForeground'],
};

const STATUS_TEXT: Record<LiveStatus, string> = {
  queued: 'queued',
  running: 'running',
  completed: 'completed',
  early_stopped: 'early-stopped',
  diverged: 'diverged',
  failed: 'failed',
  interrupted: 'interrupted',
  cancelled: 'cancelled',
};

/** How a result names each task's headline metric. */
/** Short labels of the headline metrics (see metricNames.ts's HEADLINES); one not listed shows its own name. */
const HEADLINE_LABELS: Readonly<Record<string, string>> = {
  accuracy: 'acc',
  r2: 'R²',
  pair_accuracy: 'pair acc',
  'ndcg@10': 'NDCG@10',
  mean_score: 'mean score',
  token_accuracy: 'token acc',
};

/** The headline metric of a result: its task's (accuracy, R², NDCG@10, ...), else the validation loss. */
export function headlineMetric(metrics: Metrics | undefined, valLoss: number | null | undefined): string | null {
  const m = metrics ?? {};
  const name = reportedHeadline(m);
  if (name !== null) return `${HEADLINE_LABELS[name] ?? name} ${m[name].toFixed(3)}`;
  return valLoss === null || valLoss === undefined ? null : `val loss ${valLoss.toPrecision(3)}`;
}

/** The model in a few words: `hidden 64×32, batch norm, dropout 0.2`, or `linear`. */
export function modelDescription(m: Pick<ModelConfig, 'hidden' | 'batchNorm' | 'dropout'>): string {
  if (!m.hidden.length) return 'linear';
  // Records written before batch norm and dropout existed have neither setting.
  const extras = [m.batchNorm ? 'batch norm' : null, m.dropout > 0 ? `dropout ${m.dropout}` : null].filter(Boolean);
  return [`hidden ${m.hidden.join('×')}`, ...extras].join(', ');
}

function configLines(r: {
  loss: string;
  optimizer: string;
  lr: unknown;
  schedule: string;
  model: ModelConfig;
  epochs: number;
  batch: unknown;
  data: string;
  labelFraction?: number;
  pretrain?: PretrainConfig;
}): string {
  const p = r.pretrain;
  return [
    `data: ${r.data}${r.labelFraction === undefined ? '' : ` (labels of ${r.labelFraction * 100}% of the training rows)`}`,
    ...(p
      ? [
          `pretraining: ${p.method}, ${p.epochs} epochs, corruption ${p.corruption}, temperature ${p.temperature}, then ${p.probe ? 'a linear probe' : 'fine-tuning'}`,
        ]
      : []),
    `loss: ${r.loss}`,
    `optimizer: ${r.optimizer}, lr ${String(r.lr)}`,
    `schedule: ${r.schedule}`,
    `model: ${modelDescription(r.model)}`,
    `training: ${r.epochs} epochs, batch ${String(r.batch)}`,
  ].join('\n');
}

/** Where a run trained through Redis trains or trained: `on worker-b` and, after a lost worker, `(attempt 2)`. */
export function workerText(remote: { worker: string | null; attempts: number }): string {
  if (remote.worker === null) return 'queued in Redis';
  return `on ${remote.worker}${remote.attempts > 1 ? ` (attempt ${remote.attempts})` : ''}`;
}

/** The tooltip's line for a run trained through Redis: its worker, and the workers of earlier attempts. */
function workerLine(remote: { worker: string | null; attempts: number; workers?: RunRemote['workers'] }): string {
  const earlier = remote.workers && remote.workers.length > 1 ? `; attempts on ${remote.workers.join(', ')}` : '';
  return `\nworker: ${remote.worker === null ? 'none yet (queued in Redis)' : `${remote.worker}${earlier}`}`;
}

function fromRecord(rec: RunRecord): RunItem {
  const c = rec.meta.config;
  const s: RunSummary | null = rec.summary;
  const [icon, color] = ICONS[rec.status];
  const metric = headlineMetric(s?.final?.metrics, s?.final?.valLoss);
  const parts = [
    metric,
    s ? duration(s.timing.trainSeconds) : null,
    rec.status === 'completed' ? null : STATUS_TEXT[rec.status],
  ].filter(Boolean);
  return {
    id: rec.dir,
    runDir: rec.dir,
    liveKey: null,
    label: c.name,
    description: parts.join(' · '),
    tooltip: `${c.name} (${STATUS_TEXT[rec.status]})\n${configLines({ loss: c.loss.name, optimizer: c.optimizer.name, lr: c.optimizer.lr, schedule: c.schedule.name, model: c.model, epochs: c.training.epochs, batch: c.training.batchSize, data: c.data.path, labelFraction: c.data.labelFraction, pretrain: c.pretrain })}${rec.remote ? workerLine(rec.remote) : ''}${s?.message ? `\n\n${s.message}` : ''}\n\n${rec.id}`,
    status: rec.status,
    icon,
    color,
    contextValue: 'run.done',
  };
}

function fromLive(run: LiveRunState): RunItem {
  const c = run.config;
  const [icon, color] = ICONS[run.status];
  const progress = run.status === 'running' ? progressText(run) : null;
  const s = run.summary;
  const metric = s ? headlineMetric(s.final?.metrics, s.final?.valLoss) : null;
  const parts = [
    progress,
    metric,
    run.active ? null : duration(run.elapsed),
    run.active || run.status === 'completed'
      ? run.status === 'queued' && !run.remote
        ? 'queued'
        : null
      : STATUS_TEXT[run.status],
    run.remote ? workerText(run.remote) : null,
  ];
  return {
    id: run.runDir ?? run.key,
    runDir: run.runDir,
    liveKey: run.key,
    label: c.name,
    description: parts.filter(Boolean).join(' · '),
    tooltip: `${c.name} (${STATUS_TEXT[run.status]})\n${configLines({ loss: c.loss.name || '(by task)', optimizer: c.optimizer.name, lr: c.optimizer.lr, schedule: c.schedule.name, model: c.model, epochs: c.training.epochs, batch: c.training.batchSize, data: c.data.path, labelFraction: c.data.labelFraction, pretrain: c.pretrain })}${run.remote ? workerLine(run.remote) : ''}${run.error ? `\n\n${run.error.message.split('\n')[0]}` : s?.message ? `\n\n${s.message}` : ''}`,
    status: run.status,
    icon,
    color,
    contextValue: run.active ? 'run.active' : 'run.done',
  };
}

/**
 * Groups by experiment (runs started alone go under "Single runs"), newest first within a group and
 * groups ordered by their newest run. A live run replaces its own record.
 *
 * `records` are the runs recorded in `folder`, the view's runs folder. A finished live run recorded in
 * another folder is left out: the folder changed since it ran (a new lossLab.runsDirectory, or the setting
 * taking effect once the workspace is trusted), and the view shows one folder.
 */
export function buildRunGroups(
  records: readonly RunRecord[],
  allLive: readonly LiveRunState[],
  folder: string,
): RunGroup[] {
  const live = allLive.filter(
    (r) => r.active || r.runDir === null || path.dirname(path.resolve(r.runDir)) === path.resolve(folder),
  );
  const liveDirs = new Set(live.map((r) => r.runDir).filter(Boolean));
  const entries: { experiment: string; item: RunItem; order: number }[] = [];
  for (const rec of records) {
    if (liveDirs.has(rec.dir)) continue;
    entries.push({
      experiment: rec.meta.experiment ?? '',
      item: fromRecord(rec),
      order: Date.parse(rec.meta.created) || 0,
    });
  }
  for (const run of live)
    entries.push({ experiment: run.experiment ?? '', item: fromLive(run), order: run.startedAt || Date.now() });
  const groups = new Map<string, { runs: typeof entries; newest: number }>();
  for (const e of entries) {
    const g = groups.get(e.experiment) ?? { runs: [], newest: 0 };
    g.runs.push(e);
    g.newest = Math.max(g.newest, e.order);
    groups.set(e.experiment, g);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].newest - a[1].newest)
    .map(([experiment, g]) => ({
      experiment: experiment || 'Single runs',
      runs: g.runs.sort((a, b) => b.order - a.order).map((e) => e.item),
    }));
}
