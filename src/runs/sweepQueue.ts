/**
 * How a sweep's runs are queued, by the CLI and the extension alike: every run is checked on its data
 * (config resolved, model built) before any trains, so that a bad combination is reported at once, then
 * the runs go to the worker pool costliest first (`cost.ts`) while everything shown keeps grid order.
 */
import type { RunConfig } from '../core/config/types';
import { LossLabError, quote } from '../core/errors';
import type { PreparedData } from '../core/run';
import { recordedPlan } from './runTraining';
import { parameterCount } from '../core/model/limits';
import { longestFirst, runCost } from '../core/sweep/cost';
import { SharedData } from './sharedData';
import type { SweepRun } from '../core/sweep/types';

/** A sweep run ready to train: its config as recorded, its (shared) data and its predicted cost. */
export interface SweepJob {
  run: SweepRun;
  config: RunConfig;
  data: PreparedData;
  /** Predicted training cost (`runCost`): the costliest jobs start first. */
  cost: number;
}

/** The job of one run; a user error in its settings names the run. */
export function sweepJob(run: SweepRun, data: PreparedData): SweepJob {
  try {
    const { dataset } = data;
    const plan = recordedPlan(run.config, dataset);
    const config = plan.config;
    return { run, config, data, cost: runCost(config, parameterCount(plan.sizes), dataset.train.length, dataset.n) };
  } catch (e) {
    if (e instanceof LossLabError) throw new LossLabError(`sweep run ${quote(run.name)}: ${e.message}`, e.where);
    throw e;
  }
}

/**
 * The jobs of a sweep's runs, each dataset read once into `shared` (in order, so that a file's first read is
 * the one the others wait for), every run checked before any starts; the tables are let go once all are built.
 */
export async function sweepJobs(runs: readonly SweepRun[], shared = new SharedData()): Promise<SweepJob[]> {
  const jobs: SweepJob[] = [];
  for (const run of runs) jobs.push(sweepJob(run, await shared.get(run.config)));
  shared.releaseTables();
  return jobs;
}

/**
 * Calls `start` on every job, the costliest first (equal costs in the given order), and returns what it
 * gave for each in the jobs' given order: the queue order changes, the order shown does not.
 */
export function startLongestFirst<J extends { cost: number }, R>(jobs: readonly J[], start: (job: J) => R): R[] {
  const started = new Map(longestFirst(jobs, (j) => j.cost).map((j) => [j, start(j)]));
  return jobs.map((j) => started.get(j)!);
}
