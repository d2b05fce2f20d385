/**
 * Synthetic rows from a recorded generate run: its data read again (for the encoding its rows were
 * trained in), its networks given their final weights, and rows drawn through the family's sampler (the
 * VAE's decoder, a GAN's generator). What `losslab sample` and the editor's Sample Rows write.
 */
import { LossLabError, quote } from '../core/errors';
import { familyOf } from '../core/generate/families';
import { sampleRows } from '../core/generate/sample';
import type { Mlp } from '../core/model/mlp';
import { loadWeights } from '../core/model/weights';
import { Rng } from '../core/rng';
import { buildNetworks } from '../core/trainer/generativePlan';
import { type RunPlan, planRun } from '../core/trainer/setup';
import { type TrainedRun, readTrainedRun } from '../io/trainedRun';
import { loadRunData } from './trainedModel';

export interface SampledRows {
  run: string;
  loss: string;
  seed: number;
  header: string[];
  rows: string[][];
}

/** `n` rows from the run in `dir`, drawn with `seed` (the run's own seed when null). */
export async function sampleRun(dir: string, n: number, seed: number | null): Promise<SampledRows> {
  if (!Number.isInteger(n) || n < 1)
    throw new LossLabError(`the number of rows must be a positive integer, got ${n}`, { field: 'rows' });
  const run = readTrainedRun(dir);
  const { config } = run.meta;
  if (config.data.task !== 'generate')
    throw new LossLabError(
      `run ${quote(run.meta.id)} is a ${config.data.task ?? 'supervised'} run; rows are sampled from a run trained with --task generate`,
      { field: 'data.task' },
    );
  const plan = planRun(config, (await loadRunData(run.meta)).dataset);
  const model = familyOf(config.loss.name).create({
    config: plan.config,
    layout: plan.data.layout!,
    latent: plan.generative!.latent,
    lossParams: plan.lossParams,
    networks: trainedNetworks(plan, run),
    noise: new Rng(0),
  });
  const drawn = seed ?? config.training.seed;
  const { header, rows } = sampleRows(model.sampler, plan.data.layout!, n, new Rng(drawn));
  return { run: run.meta.id, loss: config.loss.name, seed: drawn, header, rows };
}

/** The plan's networks with the run's final weights (final.json holds their layers one network after another). */
function trainedNetworks(plan: RunPlan, run: TrainedRun): Mlp[] {
  const networks = buildNetworks(plan);
  const total = networks.reduce((s, m) => s + m.layers.length, 0);
  if (run.final.layers.length !== total)
    throw new LossLabError(
      `final.json of run ${quote(run.meta.id)} holds ${run.final.layers.length} layers where its networks have ${total}; train the run again`,
      { field: 'final.json' },
    );
  let at = 0;
  for (const m of networks) {
    loadWeights(m, { layers: run.final.layers.slice(at, at + m.layers.length), task: [] }, 'final.json');
    at += m.layers.length;
  }
  return networks;
}
