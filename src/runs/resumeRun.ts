/**
 * `losslab resume`: a recorded run continued from its last checkpoint (the end of its last finished epoch,
 * so the last good point of a run that diverged) at a new learning rate, as a new run that records which
 * run it continues (resumed.json). The new run has the old one's config; from the checkpoint's step the
 * rate is the new one, scaled by the schedule's shape as a live change of rate would be.
 */
import * as path from 'node:path';
import { LossLabError, quote } from '../core/errors';
import type { RunMeta, RunResumed } from '../core/store/records';
import type { CheckpointJson } from '../core/trainer/checkpoint';
import type { RunControl } from '../core/trainer/control';
import type { RunEvent } from '../core/trainer/events';
import { checkRunFolder, readRunJson } from '../io/exportSource';
import { type RunOutcome, runTraining } from './runTraining';
import { loadRunData } from './trainedModel';

export interface ResumeOptions {
  lr: number;
  /** Where the new run goes; the old run's runs folder by default. */
  outDir?: string;
  onEvent?: (e: RunEvent) => void;
  onRecorded?: (runDir: string) => void;
  control?: RunControl;
}

export async function resumeRun(dir: string, opts: ResumeOptions): Promise<RunOutcome & { resumed: RunResumed }> {
  if (!(opts.lr > 0) || !Number.isFinite(opts.lr))
    throw new LossLabError(`--lr must be a positive number, got ${opts.lr}`, { field: '--lr' });
  checkRunFolder(dir);
  const meta = readRunJson<RunMeta>(dir, 'config.json', 'the run config');
  const checkpoint = readRunJson<CheckpointJson>(
    dir,
    'checkpoint.json',
    'the weights and optimizer state at the end of its last finished epoch',
    'which a run records as it trains (a run recorded by an older Loss Lab has none); train the run again',
  );
  const epochs = meta.config.training.epochs;
  if (checkpoint.epoch >= epochs)
    throw new LossLabError(
      `run ${quote(meta.id)} finished all its ${epochs} epochs, so there is nothing to resume; train a new run with more epochs (--epochs)`,
      { field: 'training.epochs' },
    );
  const data = await loadRunData(meta);
  const from = { run: meta.id, dir: path.resolve(dir), epoch: checkpoint.epoch, step: checkpoint.step, lr: opts.lr };
  const outDir = opts.outDir ?? path.dirname(path.resolve(dir));
  const outcome = await runTraining(meta.config, {
    outDir,
    experiment: meta.experiment,
    data,
    onEvent: opts.onEvent,
    onRecorded: opts.onRecorded,
    control: opts.control,
    resume: { checkpoint, from },
  });
  return { ...outcome, resumed: from };
}
