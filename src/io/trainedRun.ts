/** Reads a recorded run's weights: the initial ones, the final ones and, where early stopping restored them, the best. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LayerParams } from '../core/model/mlp';
import type { ModelWeights } from '../core/model/weights';
import type { RunMeta } from '../core/store/records';
import { RETRAIN, checkRunFolder, readRunJson } from './exportSource';

export interface TrainedRun {
  dir: string;
  meta: RunMeta;
  initial: LayerParams[];
  /** After the last step. */
  final: ModelWeights;
  /** The best epoch's, where early stopping restored them; null otherwise. */
  best: ModelWeights | null;
}

export function readTrainedRun(dir: string): TrainedRun {
  checkRunFolder(dir);
  const meta = readRunJson<RunMeta>(dir, 'config.json', 'the run config');
  const initial = readRunJson<LayerParams[]>(dir, 'initial.json', 'the initial weights');
  const final = readRunJson<ModelWeights>(
    dir,
    'final.json',
    'the final weights',
    `which a run records as it ends (a run still training, interrupted, or recorded by an older Loss Lab has none); wait for it to end, or ${RETRAIN}`,
  );
  const best = fs.existsSync(path.join(dir, 'best.json'))
    ? readRunJson<ModelWeights>(dir, 'best.json', 'the restored best weights')
    : null;
  return { dir, meta, initial, final, best };
}

/** The weights of the model the run handed over: the restored best ones, else the final ones. */
export function trainedWeights(run: TrainedRun): ModelWeights {
  return run.best ?? run.final;
}
