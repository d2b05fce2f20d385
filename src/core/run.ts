/**
 * One run end to end: read the CSV, build the dataset, record the run, train, write the summary.
 * The CLI and the extension's workers both call this, so their run records are the same.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunConfig } from './config/types';
import { parseCsv } from './csv';
import { buildDataset } from './dataset';
import type { Dataset } from './dataset';
import { LossLabError } from './errors';
import { getLoss } from './losses';
import { RunWriter, hashBytes } from './store/runStore';
import type { RunEvent, RunSummary } from './trainer/events';
import { RunControl } from './trainer/control';
import { finalizeLoss } from './trainer/setup';
import { train } from './trainer/train';

export interface RunOptions {
  /** Where run folders go; null records nothing. */
  outDir: string | null;
  experiment?: string | null;
  onEvent?: (e: RunEvent) => void;
  /** Called once the run's folder exists, before training starts. */
  onRecorded?: (runDir: string) => void;
  control?: RunControl;
}

export interface RunOutcome {
  summary: RunSummary;
  runDir: string | null;
  config: RunConfig;
  dataset: Dataset;
  loadSeconds: number;
}

export function readCsvFile(file: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LossLabError(`file not found: ${file}`, { file });
    if (code === 'EISDIR') throw new LossLabError(`${file} is a folder; give a CSV file`, { file });
    throw new LossLabError(`cannot read ${file}: ${(e as Error).message}`, { file });
  }
}

/** The dataset a config asks for; embedding losses (contrastive, triplet) imply the embedding task. */
export function loadDataset(config: RunConfig, bytes: Uint8Array): Dataset {
  const table = parseCsv(bytes, config.data.path);
  const lossTasks = config.loss.name ? getLoss(config.loss.name).tasks : [];
  const task = config.data.task ?? (lossTasks.length === 1 && lossTasks[0] === 'embedding' ? 'embedding' : undefined);
  return buildDataset(table, {
    target: config.data.target,
    features: config.data.features,
    task,
    missing: config.data.missing,
    valSplit: config.data.valSplit,
    seed: config.training.seed,
    standardizeTarget: config.data.standardizeTarget,
  });
}

export async function runTraining(config: RunConfig, opts: RunOptions): Promise<RunOutcome> {
  const t0 = performance.now();
  const bytes = readCsvFile(config.data.path);
  const dataset = loadDataset(config, bytes);
  const resolved = finalizeLoss(config, dataset);
  const loadSeconds = (performance.now() - t0) / 1000;
  const recorded: RunConfig = { ...resolved, data: { ...resolved.data, path: path.resolve(resolved.data.path), task: dataset.task } };
  const writer = opts.outDir === null ? null : RunWriter.create(opts.outDir, recorded, hashBytes(bytes), opts.experiment ?? null);
  if (writer) opts.onRecorded?.(writer.dir);
  const onEvent = (e: RunEvent) => {
    writer?.append(e);
    opts.onEvent?.(e);
  };
  const { summary } = await train(resolved, dataset, { onEvent, control: opts.control });
  writer?.finish(summary);
  return { summary, runDir: writer?.dir ?? null, config: recorded, dataset, loadSeconds };
}
