/**
 * A run's learning rate over its optimizer steps, without training: how many steps the run takes (as the
 * epoch loop counts them) and the configured schedule, warmup included, evaluated at each.
 */
import type { RunConfig } from './config/types';
import { createSchedule } from './schedules';
import type { ScheduleContext } from './schedules/types';

export interface RunLength extends ScheduleContext {
  /** Rows per mini-batch (the whole training split for `full`). */
  batch: number;
  batchesPerEpoch: number;
}

/**
 * The epoch loop's arithmetic: ⌈rows / batch⌉ mini-batches per epoch, one optimizer step per `accumulate`
 * of them (an epoch's leftover micro-batches still make a step), times the epochs.
 */
export function runLength(config: RunConfig, trainRows: number): RunLength {
  const { training } = config;
  const batch = Math.max(1, training.batchSize === 'full' ? trainRows : Math.min(training.batchSize, trainRows));
  const batchesPerEpoch = Math.ceil(trainRows / batch);
  const stepsPerEpoch = Math.ceil(batchesPerEpoch / training.accumulate);
  return { batch, batchesPerEpoch, stepsPerEpoch, totalSteps: stepsPerEpoch * training.epochs };
}

export interface SchedulePreview {
  name: string;
  schedule: string;
  steps: number;
  stepsPerEpoch: number;
  /** The rate of optimizer step t (0-based), for every step of the run. */
  lrs: number[];
  /** Set when the preview cannot be the whole story (a metric-driven schedule). */
  note: string | null;
}

/**
 * lr(t) for t = 0 … steps − 1. reduce_on_plateau changes the rate only when the monitored loss stalls,
 * which cannot be known without training; its preview is the rate before any reduction (after warmup).
 */
export function previewSchedule(config: RunConfig, trainRows: number): SchedulePreview {
  const length = runLength(config, trainRows);
  const { name, ...given } = config.schedule;
  const schedule = createSchedule(name, config.optimizer.lr as number, given, length);
  const lrs = Array.from({ length: length.totalSteps }, (_, t) => schedule.lr(t));
  const note = schedule.observe
    ? `${name} lowers the rate when the validation loss stops improving, which depends on training; shown without any reduction`
    : null;
  return {
    name: config.name,
    schedule: name,
    steps: length.totalSteps,
    stepsPerEpoch: length.stepsPerEpoch,
    lrs,
    note,
  };
}
