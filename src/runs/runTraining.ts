/**
 * One run end to end: read the CSV, build the dataset, record the run, train, write the summary.
 * The CLI and the workers both call this, so their run records are the same.
 */
import * as path from 'node:path';
import type { RunConfig } from '../core/config/types';
import type { Dataset } from '../core/dataset';
import { initialParams, preprocessingRecord, pretrainHeadParams } from '../core/export/record';
import type { Mlp } from '../core/model/mlp';
import { weightsOf } from '../core/model/weights';
import type { PreparedData } from '../core/run';
import type { RunResumed, RunSweep } from '../core/store/records';
import { type Checkpoint, type CheckpointJson, checkpointToJson } from '../core/trainer/checkpoint';
import type { RunControl } from '../core/trainer/control';
import type { RunEvent, RunSummary } from '../core/trainer/events';
import { regressionPredictions } from '../core/trainer/predictions';
import { type RunPlan, planRun } from '../core/trainer/setup';
import { type TrainOptions, type TrainResult, train } from '../core/trainer/train';
import { loadData } from '../io/data';
import { RunWriter, writeRunResumed, writeRunSweep } from '../io/runStore';
import { RowRecording } from './rowRecording';
import { LiveSurface, type SurfaceListener } from './liveSurface';
import { startSplitThread } from './splitThread';

export interface RunOptions {
  /** Where run folders go; null records nothing. */
  outDir: string | null;
  experiment?: string | null;
  onEvent?: (e: RunEvent) => void;
  /** False: events go to `onEvent` only, not to the run's events.jsonl (a Redis worker's producer records them). */
  recordEvents?: boolean;
  /** Called once the run's folder exists, before training starts. */
  onRecorded?: (runDir: string) => void;
  control?: RunControl;
  /** Data already prepared for this config; read from `config.data.path` when absent. */
  data?: PreparedData;
  /** The sweep this run is one of, recorded beside its config (sweep.json). */
  sweep?: RunSweep;
  /** Continue another run of this config from its checkpoint, at a new rate (recorded as resumed.json). */
  resume?: { checkpoint: CheckpointJson; from: RunResumed };
  /** Called with the model's decision surface every few epochs and at the end (see liveSurface.ts), for a run that has one. */
  onSurface?: SurfaceListener;
  /** A generate run: called with a few generated rows every few epochs (see core/generate/preview.ts). */
  onRows?: TrainOptions['onRows'];
}

export interface RunOutcome {
  summary: RunSummary;
  runDir: string | null;
  config: RunConfig;
  dataset: Dataset;
  loadSeconds: number;
}

/** A run's plan as recorded: its config with the loss filled from the task, the data files absolute, the task inferred. */
export function recordedPlan(config: RunConfig, dataset: Dataset): RunPlan {
  const plan = planRun(config, dataset);
  const c = plan.config;
  const valPath = c.data.valPath === undefined ? {} : { valPath: path.resolve(c.data.valPath) };
  return {
    ...plan,
    config: { ...c, data: { ...c.data, path: path.resolve(c.data.path), ...valPath, task: dataset.task } },
  };
}

/** What a run records before it trains, beside its config: initial weights, preprocessing, its sweep. */
export function recordStart(writer: RunWriter, plan: RunPlan, data: PreparedData, sweep?: RunSweep): void {
  writer.writeJson('initial.json', initialParams(plan));
  if (plan.config.pretrain) writer.writeJson('pretrain-head.json', pretrainHeadParams(plan));
  writer.writeJson('preprocessing.json', preprocessingRecord(plan.data, data.csv, plan.config.data));
  if (sweep) writeRunSweep(writer.dir, sweep);
}

/** What a run records as it ends: its final weights, the restored best ones, a regression's predictions. */
function recordEnd(writer: RunWriter, trained: TrainResult, dataset: Dataset): void {
  writer.writeJson('final.json', trained.final);
  if (trained.restoredBest) writer.writeJson('best.json', weightsOf(trained.model));
  const predictions = regressionPredictions(trained.model, dataset);
  if (predictions) writer.writeJson('predictions.json', predictions);
}

export async function runTraining(config: RunConfig, opts: RunOptions): Promise<RunOutcome> {
  const data = opts.data ?? (await loadData(config));
  const { dataset } = data;
  const plan = recordedPlan(config, dataset);
  const recorded = plan.config;
  const writer =
    opts.outDir === null
      ? null
      : RunWriter.create(opts.outDir, recorded, data.dataHash, opts.experiment ?? null, data.valDataHash);
  if (writer) {
    recordStart(writer, plan, data, opts.sweep);
    if (opts.resume) writeRunResumed(writer.dir, opts.resume.from);
    opts.onRecorded?.(writer.dir);
  }
  const events = opts.recordEvents === false ? null : writer;
  const onEvent = (e: RunEvent) => {
    events?.append(e);
    opts.onEvent?.(e);
  };
  const resume = opts.resume && { checkpoint: opts.resume.checkpoint, lr: opts.resume.from.lr };
  const surface = opts.onSurface ? LiveSurface.of(plan, opts.onSurface) : null;
  const onCheckpoint = (c: Checkpoint) => {
    writer?.writeJson('checkpoint.json', checkpointToJson(c));
    surface?.onCheckpoint(c);
  };
  const rows = writer && RowRecording.of(writer.dir, plan, dataset);
  const onEpochEnd = rows ? (epoch: number, model: Mlp) => rows.epochEnd(epoch, model) : undefined;
  const trained = await train(plan, {
    onEvent,
    control: opts.control,
    onCheckpoint,
    onEpochEnd,
    resume,
    onRows: opts.onRows,
    startSplitThread,
  });
  const { summary } = trained;
  // A diverged run's last weights are not finite: its surface stays the last good checkpoint's.
  if (summary.status !== 'diverged') surface?.onEnd(trained.final, summary.epochs);
  // Before the summary, so that a finished run's weights, predictions and rows are there when a reader sees it finished.
  if (writer) {
    recordEnd(writer, trained, dataset);
    rows?.end(trained);
  }
  writer?.finish(summary);
  return { summary, runDir: writer?.dir ?? null, config: recorded, dataset, loadSeconds: data.loadSeconds };
}
