/**
 * One run end to end: read the CSV, build the dataset, record the run, train, write the summary.
 * The CLI and the extension's workers both call this, so their run records are the same.
 */
import * as path from 'node:path';
import type { RunConfig } from './config/types';
import { type CsvOptions, loadCsv } from './csv';
import type { CsvTable } from './csv';
import { buildDataset } from './dataset';
import type { DataOptions, Dataset } from './dataset';
import { type CsvShape, initialParams, preprocessingRecord } from './export/record';
import { lossForConfig } from './losses';
import { type RunSweep, RunWriter, dataHasher, writeRunSweep } from './store/runStore';
import type { RunEvent, RunSummary } from './trainer/events';
import { RunControl } from './trainer/control';
import { regressionPredictions } from './trainer/predictions';
import { finalizeLoss } from './trainer/setup';
import { train } from './trainer/train';

/**
 * A run's data, read and built. Runs that share a CSV and data settings can share one (the sweep runner
 * builds it once and hands it to every worker in shared memory).
 */
export interface PreparedData {
  dataset: Dataset;
  /** sha256 of the CSV's bytes. */
  dataHash: string;
  csv: CsvShape;
  loadSeconds: number;
}

export interface RunOptions {
  /** Where run folders go; null records nothing. */
  outDir: string | null;
  experiment?: string | null;
  onEvent?: (e: RunEvent) => void;
  /** Called once the run's folder exists, before training starts. */
  onRecorded?: (runDir: string) => void;
  control?: RunControl;
  /** Data already prepared for this config; read from `config.data.path` when absent. */
  data?: PreparedData;
  /** The sweep this run is one of, recorded beside its config (sweep.json). */
  sweep?: RunSweep;
}

export interface RunOutcome {
  summary: RunSummary;
  runDir: string | null;
  config: RunConfig;
  dataset: Dataset;
  loadSeconds: number;
}

/**
 * Everything the dataset of a config depends on (besides the file): runs with equal options can share
 * one dataset. Embedding losses (contrastive, triplet) imply the embedding task.
 */
export function dataOptions(config: RunConfig): DataOptions {
  const lossTasks = config.loss.name ? lossForConfig(config.loss).tasks : [];
  const task = config.data.task ?? (lossTasks.length === 1 && lossTasks[0] === 'embedding' ? 'embedding' : undefined);
  return {
    target: config.data.target,
    features: config.data.features,
    task,
    missing: config.data.missing,
    valSplit: config.data.valSplit,
    seed: config.training.seed,
    standardizeTarget: config.data.standardizeTarget,
    ignore: config.data.ignore,
  };
}

/** How a config says to read its file (each setting detected when absent). */
export function csvOptions(config: RunConfig): CsvOptions {
  const { decimal, thousands, encoding, na, comment, skipRows, strictRows, kinds } = config.data;
  const all: CsvOptions = { decimal, thousands, encoding, na, comment, skipRows, strictRows, kinds };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}

/** The dataset a config asks for, from an already parsed table. */
function datasetFromTable(config: RunConfig, table: CsvTable): Dataset {
  return buildDataset(table, dataOptions(config));
}

/** A CSV file's table and the hash of its bytes. */
export interface HashedTable {
  table: CsvTable;
  hash: string;
}

/**
 * Reads a CSV file in chunks (`loadCsv`, on worker threads when it is large), hashing the bytes as they
 * are read: the file's text is never held whole, only the columns and the chunks in flight.
 */
export async function readHashedTable(file: string, read: CsvOptions = {}): Promise<HashedTable> {
  const hash = dataHasher();
  const table = await loadCsv(file, { ...read, onBytes: (bytes) => hash.update(bytes) });
  return { table, hash: hash.digest() };
}

/** The data of one config from its file's table; `t0` is when reading began. */
export function preparedFrom(config: RunConfig, { table, hash }: HashedTable, t0: number): PreparedData {
  const dataset = datasetFromTable(config, table);
  return { dataset, dataHash: hash, csv: { delimiter: table.delimiter, header: table.header }, loadSeconds: (performance.now() - t0) / 1000 };
}

/**
 * Reads and builds the data of one config, streaming the file (see `readHashedTable`): the one way data is
 * loaded, by training, sweeps, the LR range test, schedule previews and trajectories alike.
 */
export async function loadData(config: RunConfig): Promise<PreparedData> {
  const t0 = performance.now();
  return preparedFrom(config, await readHashedTable(config.data.path, csvOptions(config)), t0);
}

/** The config as recorded: the loss filled from the task, the data file absolute, the task inferred. */
export function recordedConfig(config: RunConfig, dataset: Dataset): RunConfig {
  const resolved = finalizeLoss(config, dataset);
  return { ...resolved, data: { ...resolved.data, path: path.resolve(resolved.data.path), task: dataset.task } };
}

export async function runTraining(config: RunConfig, opts: RunOptions): Promise<RunOutcome> {
  const data = opts.data ?? (await loadData(config));
  const { dataset } = data;
  const recorded = recordedConfig(config, dataset);
  const initial = initialParams(recorded, dataset);
  const writer = opts.outDir === null ? null : RunWriter.create(opts.outDir, recorded, data.dataHash, opts.experiment ?? null);
  if (writer) {
    writer.writeJson('initial.json', initial);
    writer.writeJson('preprocessing.json', preprocessingRecord(dataset, data.csv));
    if (opts.sweep) writeRunSweep(writer.dir, opts.sweep);
    opts.onRecorded?.(writer.dir);
  }
  const onEvent = (e: RunEvent) => {
    writer?.append(e);
    opts.onEvent?.(e);
  };
  const { summary, model } = await train(recorded, dataset, { onEvent, control: opts.control });
  // Before the summary, so that a finished run's predictions are there when a reader sees it finished.
  const predictions = writer ? regressionPredictions(model, dataset) : null;
  if (writer && predictions) writer.writeJson('predictions.json', predictions);
  writer?.finish(summary);
  return { summary, runDir: writer?.dir ?? null, config: recorded, dataset, loadSeconds: data.loadSeconds };
}
