/** Commands that train an experiment file: one of its runs, all of them, or its sweep. */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { expandSweep } from '../../core/sweep';
import { startLongestFirst, sweepJobs } from '../../runs/sweepQueue';
import { sweepView } from '../../views/sweepViews';
import { lensOrigin } from '../codeLens';
import type { RunThread } from '../../protocol/worker';
import type { RedisRuns } from '../../runs/redis/remoteRuns';
import type { StoredSweep } from '../../runs/redis/storedSweep';
import type { Command, CommandCtx } from './context';
import { experimentTarget, readExperimentDoc } from './targets';
import { followJob, startRuns } from './training';

/** The run named (by a lens), the only one, or the one the user picks. */
export const runExperiment: Command = (c) => async (arg?: unknown, runName?: string) => {
  const uri = await experimentTarget(arg);
  if (!uri) return;
  const exp = await readExperimentDoc(uri);
  let run = exp.runs.find((r) => r.name === runName);
  if (!run) {
    const name =
      exp.runs.length === 1
        ? exp.runs[0].name
        : await vscode.window.showQuickPick(
            exp.runs.map((r) => r.name),
            { title: `${exp.name}: run` },
          );
    run = exp.runs.find((r) => r.name === name);
  }
  if (run) startRuns(c, [run], exp.name, [lensOrigin(uri, run.name)], await remoteThread(c));
};

/** Each run's handle in Redis when lossLab.redisUrl is set (connecting first), else undefined: train here. */
async function remoteThread(c: CommandCtx): Promise<(() => RunThread) | undefined> {
  const pool = await c.ctx.remote.pool();
  return pool ? () => pool.thread() : undefined;
}

export const runAll: Command = (c) => async (arg?: unknown) => {
  const uri = await experimentTarget(arg);
  if (!uri) return;
  const exp = await readExperimentDoc(uri);
  const runs = startRuns(
    c,
    exp.runs,
    exp.name,
    exp.runs.map((r) => lensOrigin(uri, r.name)),
    await remoteThread(c),
  );
  if (runs.length > 1) void followJob(c, `Loss Lab: ${exp.name}`, runs);
};

export const runSweep: Command = (c) => async (arg?: unknown) => {
  const uri = await experimentTarget(arg);
  if (!uri) return;
  const exp = await readExperimentDoc(uri);
  if (!exp.sweep) {
    void vscode.window.showInformationMessage(`${path.basename(uri.fsPath)} has no "sweep" block.`);
    return;
  }
  const points = expandSweep(exp.sweep, exp.base);
  const sweep = { runs: points, spec: exp.sweep, experiment: exp.name };
  const id = randomUUID();
  const origin = lensOrigin(uri, '#sweep');
  const pool = await c.ctx.remote.pool();
  if (pool) {
    // Stored as `losslab sweep --redis` stores its sweeps, so that the CLI or a reloaded window can follow it again.
    await pool.saveSweep(id, sweep);
    c.ctx.remote.remember({ id, experiment: exp.name, origin });
    void vscode.window.showInformationMessage(
      `Loss Lab: sweep of ${exp.name} queued in Redis at ${pool.shownUrl} for losslab worker; follow it again with Loss Lab: Follow a Sweep on Redis, or from a terminal with losslab sweep --redis URL --resume ${id}`,
    );
  }
  await trainSweep(c, id, sweep, origin, pool);
};

/**
 * Trains a sweep's runs, here or through Redis, and shows them in the dashboard. The data is read once per
 * distinct data setting, as it streams (large files on worker threads, so the host's event loop stays free
 * meanwhile), and shared with the workers. Every run is checked before any starts; they are queued as the CLI
 * queues them, costliest first (so that a sweep queued in Redis is found again run by run), while the
 * dashboard lists them in grid order.
 */
export async function trainSweep(
  c: CommandCtx,
  id: string,
  sweep: StoredSweep,
  origin: string | null,
  pool: RedisRuns | null,
): Promise<void> {
  const jobs = await sweepJobs(sweep.runs);
  const { spec, experiment } = sweep;
  const runs = startLongestFirst(jobs, (j) =>
    c.ctx.runs.submit(
      j.config,
      experiment,
      origin,
      j.data,
      // Each run records the sweep it was one of, as `losslab sweep`'s do.
      { id, spec, point: j.run.point },
      pool ? () => pool.thread() : undefined,
    ),
  );
  const keys = runs.map((r) => r.key);
  c.dashboard.show(keys, { sweep: sweepView(experiment, spec, sweep.runs, keys) });
  await followJob(c, `Loss Lab: sweep of ${experiment} (${runs.length} runs)`, runs);
  if (pool) c.ctx.remote.forget(id);
}
