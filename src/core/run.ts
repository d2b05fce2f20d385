/** A run's data as the trainer takes it: the dataset a config asks for, built from a parsed CSV table. */
import type { RunConfig } from './config/types';
import type { CsvOptions, CsvTable } from './csv';
import { buildDataset } from './dataset';
import type { DataOptions, Dataset } from './dataset';
import type { MatrixMemory } from './dataset/types';
import type { CsvShape } from './export/record';
import { LossLabError } from './errors';
import { lossForConfig } from './losses';

/**
 * A run's data, read and built. Runs that share a CSV and data settings can share one (the sweep runner
 * builds it once and hands it to every worker in shared memory).
 */
export interface PreparedData {
  dataset: Dataset;
  /** sha256 of the CSV's bytes. */
  dataHash: string;
  /** sha256 of the validation CSV's bytes, when there is one (`data.valPath`). */
  valDataHash?: string;
  csv: CsvShape;
  loadSeconds: number;
}

/**
 * Everything the dataset of a config depends on (besides the file): runs with equal options can share
 * one dataset. Embedding losses (contrastive, triplet) imply the embedding task, ranking losses the ranking
 * task, which needs its group column.
 */
export function dataOptions(config: RunConfig): DataOptions {
  const lossTasks = config.loss.name ? lossForConfig(config.loss).tasks : [];
  const only = lossTasks.length === 1 ? lossTasks[0] : undefined;
  const task =
    config.data.task ??
    (only === 'embedding' || only === 'ranking' || only === 'sequence' || only === 'generate' ? only : undefined);
  if (task === 'generate' && config.data.target !== undefined)
    throw new LossLabError('generate has no target: drop --target (data.target)', { field: 'data.target' });
  if (task === 'ranking' && config.data.group === undefined)
    throw new LossLabError(
      `${config.data.task ? 'task ranking' : `loss ${config.loss.name}`} needs --group: the column that groups rows into queries (data.group)`,
      { field: 'data.group' },
    );
  if (task === 'sequence' && config.data.sequence === undefined)
    throw new LossLabError(
      `${config.data.task ? 'task sequence' : `${config.loss.name}`} needs --sequence: the column that groups rows into sequences (data.sequence)`,
      { field: 'data.sequence' },
    );
  return {
    target: config.data.target,
    features: config.data.features,
    task,
    group: config.data.group,
    sequence: config.data.sequence,
    order: config.data.order,
    targetTasks: config.data.targetTasks,
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

/** The dataset a config asks for, from an already parsed table, its feature matrix placed as `memory` says. */
function datasetFromTable(config: RunConfig, table: CsvTable, memory?: MatrixMemory): Dataset {
  return buildDataset(table, { ...dataOptions(config), memory });
}

/** A CSV file's table and the hash of its bytes. */
export interface HashedTable {
  table: CsvTable;
  hash: string;
  /** The validation file's hash, when the table holds one's rows (`data.valPath`). */
  valHash?: string;
}

/** The data of one config from its file's table; `t0` is when reading began. */
export function preparedFrom(
  config: RunConfig,
  { table, hash, valHash }: HashedTable,
  t0: number,
  memory?: MatrixMemory,
): PreparedData {
  const dataset = datasetFromTable(config, table, memory);
  return {
    dataset,
    dataHash: hash,
    ...(valHash === undefined ? {} : { valDataHash: valHash }),
    csv: {
      delimiter: table.delimiter,
      header: table.header,
      numeric: table.header.filter((_, j) => table.kinds[j].kind === 'numeric'),
    },
    loadSeconds: (performance.now() - t0) / 1000,
  };
}
