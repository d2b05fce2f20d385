/** A run recording its rows as it trains (`training.rowEpochs`): at the chosen epochs' ends, and the weights it ends with. */
import * as path from 'node:path';
import type { DataConfig } from '../core/config/types';
import type { Dataset } from '../core/dataset';
import type { Mlp } from '../core/model/mlp';
import { recordEpoch, recordsAtEpoch, rowsIndex } from '../core/probe/recordRows';
import type { RecordedEpoch, RowsIndex } from '../core/probe/rowRecord';
import { type Scorer, scoresRowwise } from '../core/probe/splitLoss';
import type { TrainResult } from '../core/trainer/train';
import type { RunPlan } from '../core/trainer/setup';
import { rowsFileName, writeRowsEpoch } from '../io/rowsStore';

export class RowRecording {
  private index: RowsIndex | null = null;

  private constructor(
    private readonly dir: string,
    private readonly plan: RunPlan,
    private readonly data: Dataset,
  ) {}

  /** A run's recording, or null where its loss does not score rows one at a time. */
  static of(dir: string, plan: RunPlan, data: Dataset): RowRecording | null {
    return scoresRowwise(plan.loss, data) ? new RowRecording(dir, plan, data) : null;
  }

  /** Records the end of `epoch` where `training.rowEpochs` asks for it. */
  epochEnd(epoch: number, model: Mlp): void {
    if (recordsAtEpoch(this.plan.config.training.rowEpochs, epoch)) this.record(model, epoch, 'epoch');
  }

  /** Records the weights the run ends with, where `training.rowEpochs` is `last` (the default). */
  end(trained: TrainResult): void {
    const { rowEpochs } = this.plan.config.training;
    const { summary, restoredBest, model } = trained;
    if (rowEpochs !== undefined && rowEpochs !== 'last') return;
    const epoch = restoredBest && summary.best ? summary.best.epoch : summary.epochs;
    this.record(model, epoch, restoredBest ? 'best' : 'final');
  }

  private record(model: Mlp, epoch: number, weights: RecordedEpoch['weights']): void {
    const scorer = this.scorer(model);
    this.index ??= rowsIndex(scorer, rowsFiles(this.plan.config.data));
    const { entry, splits } = recordEpoch(scorer, epoch, weights, rowsFileName(epoch, weights));
    writeRowsEpoch(this.dir, this.index, entry, splits);
  }

  private scorer(model: Mlp): Scorer {
    return { model, loss: this.plan.loss, lossParams: this.plan.lossParams, data: this.data };
  }
}

/** The CSV files a run's recorded rows are lines of. */
export function rowsFiles(data: DataConfig): RowsIndex['files'] {
  return { train: path.resolve(data.path), val: path.resolve(data.valPath ?? data.path) };
}
