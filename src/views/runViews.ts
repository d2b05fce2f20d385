/** What the dashboard is told about a run, from a live run or a recorded one (pure, unit-tested). */
import * as path from 'node:path';
import type { RunConfig } from '../core/config/types';
import type { RunRecord } from '../core/store/records';
import type { RunView } from '../protocol/webview';
import type { RunSummary } from '../core/trainer/events';
import type { LiveRunState } from './liveRun';

type Flat = Record<string, string | number | boolean | null>;

/** `{optimizer: {name: 'adam', lr: 0.01}}` → `{'optimizer.name': 'adam', 'optimizer.lr': 0.01}`, for the diff table. */
export function flattenConfig(c: RunConfig): Flat {
  const out: Flat = {
    data: path.basename(c.data.path),
    target: Array.isArray(c.data.target) ? c.data.target.join(',') : (c.data.target ?? null),
  };
  const component = (key: string, v: Record<string, unknown>) => {
    for (const [k, x] of Object.entries(v))
      out[`${key}.${k}`] = Array.isArray(x) ? JSON.stringify(x) : (x as string | number | boolean | null);
  };
  component('loss', c.loss);
  component('optimizer', c.optimizer);
  component('schedule', c.schedule);
  out['model.hidden'] = c.model.hidden.length ? c.model.hidden.join('×') : 'linear';
  out['model.activation'] = c.model.activation;
  out['model.init'] = c.model.init;
  // Records written before batch norm and dropout existed have neither setting.
  out['model.batchNorm'] = c.model.batchNorm ?? false;
  if (c.model.batchNorm) {
    out['model.bnEps'] = c.model.bnEps;
    out['model.bnMomentum'] = c.model.bnMomentum;
  }
  out['model.dropout'] = c.model.dropout ?? 0;
  for (const [k, v] of Object.entries(c.training))
    out[`training.${k}`] = v === null || typeof v !== 'object' ? v : JSON.stringify(v);
  return out;
}

export function recordView(rec: RunRecord): RunView {
  const s = rec.summary;
  const c = rec.meta.config;
  return {
    id: rec.id,
    name: c.name,
    experiment: rec.meta.experiment,
    status: rec.status,
    task: s?.task ?? c.data.task ?? null,
    config: flattenConfig(c),
    epoch: s?.epochs ?? 0,
    epochs: c.training.epochs,
    step: s?.steps ?? 0,
    totalSteps: s?.steps ?? 0,
    elapsed: s?.timing.trainSeconds ?? 0,
    final: s?.final ? { trainLoss: s.final.trainLoss, valLoss: s.final.valLoss, metrics: s.final.metrics } : null,
    best: s?.best ? { epoch: s.best.epoch, monitor: s.best.monitor, value: s.best.value } : null,
    message: s?.message ?? null,
    ...seedAndDivergence(c, s),
  };
}

/** The optional fields: a repeat's group and seed, a diverged run's step. */
function seedAndDivergence(c: RunConfig, s: RunSummary | null) {
  return {
    ...(c.group !== undefined && { group: c.group, seed: c.training.seed }),
    ...(typeof s?.divergedAtStep === 'number' && { divergedAtStep: s.divergedAtStep }),
  };
}

export function liveView(run: LiveRunState): RunView {
  const s = run.summary;
  return {
    id: run.key,
    name: run.config.name,
    experiment: run.experiment,
    status: run.status === 'queued' ? 'running' : run.status,
    task: run.start?.task ?? null,
    config: flattenConfig(run.config),
    epoch: run.epoch,
    epochs: run.start?.epochs ?? run.config.training.epochs,
    step: run.step,
    totalSteps: run.start?.totalSteps ?? 0,
    elapsed: run.elapsed,
    final: s?.final ? { trainLoss: s.final.trainLoss, valLoss: s.final.valLoss, metrics: s.final.metrics } : null,
    best: s?.best ? { epoch: s.best.epoch, monitor: s.best.monitor, value: s.best.value } : null,
    message: run.error?.message.split('\n')[0] ?? s?.message ?? null,
    ...seedAndDivergence(run.config, s),
  };
}
