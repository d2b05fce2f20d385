/**
 * A recorded run's decision surface over two features picked by name, from its trained weights (the restored
 * best, else the final ones) or, while it trains (or after it diverged), from its last checkpoint: what the
 * dashboard shows for a run loaded from disk or trained through Redis, and for any run drawn over other
 * features than the pair its worker computes as it trains.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadWeights, setFlatWeights } from '../core/model/weights';
import { decisionSurface } from '../core/probe/surface';
import type { CheckpointJson } from '../core/trainer/checkpoint';
import { initialModel, planRun } from '../core/trainer/setup';
import { readRunJson } from '../io/exportSource';
import { readRun } from '../io/runStore';
import { readTrainedRun, trainedWeights } from '../io/trainedRun';
import type { SurfaceView } from '../protocol/webview';
import { surfaceView } from '../views/surfaceView';
import { planHasSurface } from './liveSurface';
import { loadRunData } from './trainedModel';

/** Two features by name; null (or a name the run does not have): its first two, as the live surface draws. */
export type SurfaceFeatures = [x: string, y: string] | null;

/** Null for a run without a surface (one feature, a task without one prediction per row) or without weights yet. */
export async function recordedSurface(dir: string, features: SurfaceFeatures): Promise<SurfaceView | null> {
  const record = readRun(dir);
  if (!record) return null;
  const data = await loadRunData(record.meta);
  const plan = planRun(record.meta.config, data.dataset);
  if (!planHasSurface(plan)) return null;
  const model = initialModel(plan);
  const summary = record.summary;
  let epoch: number;
  // A diverged run's final weights are not finite: its surface is its last good checkpoint's.
  if (summary && summary.status !== 'diverged' && fs.existsSync(path.join(dir, 'final.json'))) {
    const run = readTrainedRun(dir);
    loadWeights(model, trainedWeights(run), run.best ? 'best.json' : 'final.json');
    epoch = run.best && summary.best ? summary.best.epoch : summary.epochs;
  } else if (fs.existsSync(path.join(dir, 'checkpoint.json'))) {
    const c = readRunJson<CheckpointJson>(dir, 'checkpoint.json', 'the last checkpoint');
    setFlatWeights(model, { params: Float64Array.from(c.weights.params), state: Float64Array.from(c.weights.state) });
    epoch = c.epoch;
  } else return null;
  return surfaceView(epoch, decisionSurface(model, data.dataset, featureIndices(data.dataset.featureNames, features)));
}

export function featureIndices(names: readonly string[], features: SurfaceFeatures): [number, number] {
  const x = features ? names.indexOf(features[0]) : -1;
  const y = features ? names.indexOf(features[1]) : -1;
  return x >= 0 && y >= 0 && x !== y ? [x, y] : [0, 1];
}
