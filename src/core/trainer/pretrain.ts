/**
 * Contrastive pretraining (SCARF, Bahri et al. 2022), the phase a run with `pretrain` trains before its
 * supervised one. Its network is the encoder, the supervised model's hidden layers, under a projection
 * head used only here: Linear(h, h) → activation → Linear(h, h), h the last hidden width, with the model's
 * batch norm and dropout settings. Each batch is two SCARF views of each of its rows (corruption.ts),
 * stacked as a pair loss's members, and NT-Xent contrasts them (losses/contrastive.ts). The phase has its
 * own optimizer (the run's, at its base rate, constant) and state; at its end the encoder's weights (and
 * batch-norm statistics) go into the supervised model, whose last layer keeps its initial weights. A probe
 * (`pretrain.probe`) then trains that last layer alone: the encoder's weights stay, while its batch norm and
 * dropout still act in training mode, as in PyTorch with the encoder's `requires_grad_(False)`.
 *
 * Its events carry `phase: 'pretrain'` and steps (epochs) counted up to 0 from minus the phase's length, so
 * that the supervised phase keeps the numbers a run without pretraining has and both lie on one axis.
 */
import type { PretrainConfig, RunConfig } from '../config/types';
import { LossLabError } from '../errors';
import { infoNceLoss } from '../losses/contrastive';
import type { LossSpec } from '../losses/types';
import { Mlp } from '../model/mlp';
import { createOptimizer, getOptimizer } from '../optimizers';
import { Rng } from '../rng';
import { SLICE_MS, type RunControl, yieldToEventLoop } from './control';
import { type ViewSource, corruptInto } from './corruption';
import type { RunEvent, RunStatus } from './events';
import { StepEngine } from './step';

/** A pretraining batch of n rows makes a 2n × 2n similarity matrix: this many rows keep it to 134 MB. */
export const MAX_PRETRAIN_BATCH = 2048;

/** The phase as planned: what to train on and how long. */
export interface PretrainPlan {
  readonly config: PretrainConfig;
  /** Dataset rows it trains on: all training rows, labeled or not. */
  readonly rows: Int32Array;
  readonly batch: number;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
}

export function planPretrain(config: RunConfig, train: Int32Array): PretrainPlan | null {
  const pretrain = config.pretrain;
  if (!pretrain) return null;
  if (config.model.hidden.length === 0)
    throw new LossLabError(
      'pretrain trains the hidden layers (the encoder), and the model has none: add some (model.hidden, --hidden)',
      { field: 'model.hidden' },
    );
  if (getOptimizer(config.optimizer.name).closure)
    throw new LossLabError(
      `pretrain steps on mini-batches, and ${config.optimizer.name} on the whole training set: choose another optimizer (e.g. adam)`,
      { field: 'optimizer.name' },
    );
  const n = train.length;
  const batch = Math.max(1, config.training.batchSize === 'full' ? n : Math.min(config.training.batchSize, n));
  if (batch > MAX_PRETRAIN_BATCH)
    throw new LossLabError(
      `pretrain: batches of ${batch} rows make a ${2 * batch} × ${2 * batch} similarity matrix; use a training.batchSize (--batch-size) of at most ${MAX_PRETRAIN_BATCH}`,
      { field: 'training.batchSize' },
    );
  const stepsPerEpoch = Math.ceil(n / batch);
  return { config: pretrain, rows: train, batch, stepsPerEpoch, totalSteps: stepsPerEpoch * pretrain.epochs };
}

/** NT-Xent over the two views' projections, as a pair loss the step engine runs like any other. */
export function infoNceObjective(temperature: number): LossSpec {
  return {
    id: 'info_nce',
    title: 'InfoNCE (NT-Xent)',
    description: 'Contrasts two views of each row against the other rows of the batch.',
    tasks: [],
    params: [],
    arity: 2,
    outputSize: () => 0,
    compute: (batch, _p, grads) =>
      infoNceLoss(
        batch.outputs[0],
        batch.outputs[1],
        batch.n,
        batch.k,
        temperature,
        grads && { z1: grads[0], z2: grads[1] },
      ),
  };
}

/** How many entries of the flat parameter vector (and of the batch-norm state) the first `hidden` layers hold. */
export function encoderSize(mlp: Mlp, hidden: number): { params: number; state: number } {
  const state = mlp.layers.slice(0, hidden).reduce((s, l) => s + (l.bn ? 2 * l.outSize : 0), 0);
  return { params: mlp.layers[hidden].weightOffset, state };
}

/** What the phase reports to the run, and how it reaches the run's listeners and controls. */
export interface PhaseHooks {
  emit: (e: RunEvent) => void;
  control: RunControl;
  elapsed: () => number;
}

export interface PretrainOutcome {
  /** Mean NT-Xent loss of each epoch trained. */
  loss: number[];
  steps: number;
  /** Why the run stops here (diverged, cancelled); null to go on to the supervised phase. */
  stop: { status: RunStatus; message: string; divergedAtStep?: number } | null;
}

/** The pretraining network: `model`'s encoder (its weights and batch-norm state) under a fresh projection head. */
export function pretrainNetwork(config: RunConfig, model: Mlp): Mlp {
  const { hidden, activation, init } = config.model;
  const h = hidden[hidden.length - 1];
  const net = new Mlp([model.layers[0].inSize, ...hidden, h, h], activation, { ...model.options, taskParams: 0 });
  net.init(init, config.training.seed);
  const enc = encoderSize(net, hidden.length);
  net.params.set(model.params.subarray(0, enc.params));
  net.state.set(model.state.subarray(0, enc.state));
  return net;
}

/** The pretraining network with its own optimizer. */
function pretrainEngine(config: RunConfig, model: Mlp, temperature: number): StepEngine {
  const net = pretrainNetwork(config, model);
  const { name, ...given } = config.optimizer;
  const { optimizer, params } = createOptimizer(name, net.params.length, given);
  const lr = params.lr as number;
  const { l1, l2, clipNorm, clipValue } = config.training;
  const reg = { l1, l2, clipNorm, clipValue };
  return new StepEngine(net, infoNceObjective(temperature), {}, optimizer, { lr: () => lr }, reg);
}

/** Trains `model`'s encoder on `plan`'s rows of `x` and leaves the pretrained encoder in it. */
export async function pretrainEncoder(
  config: RunConfig,
  plan: PretrainPlan,
  x: Float64Array,
  d: number,
  model: Mlp,
  hooks: PhaseHooks,
): Promise<PretrainOutcome> {
  const { epochs, corruption, temperature } = plan.config;
  const engine = pretrainEngine(config, model, temperature);
  // A generator of its own (from the run's seed), so that the supervised phase shuffles as it would without.
  const rng = new Rng((config.training.seed ^ 0x5ca4f00d) >>> 0);
  const src: ViewSource = { x, d, pool: plan.rows };
  const n = plan.rows.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const views = new Float64Array(2 * plan.batch * d);
  const none = new Float64Array(0);
  const total = plan.totalSteps;
  const loss: number[] = [];
  let lastYield = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (config.training.shuffle) rng.shuffle(order);
    let lossSum = 0;
    for (let from = 0; from < n; from += plan.batch) {
      const count = Math.min(plan.batch, n - from);
      corruptInto(src, order, from, count, corruption, rng, views, 0);
      corruptInto(src, order, from, count, corruption, rng, views, count);
      const step = engine.step - total;
      const value = engine.accumulate(views.subarray(0, 2 * count * d), none, 2 * count, 1);
      const u = engine.update();
      if (!Number.isFinite(value) || !u.finite) return { loss, steps: engine.step, stop: diverged(step, u.lr) };
      lossSum += value * count;
      const { lr, gradNorm, layerGradNorms, updateRatio } = u;
      const elapsed = hooks.elapsed();
      hooks.emit({
        type: 'step',
        phase: 'pretrain',
        step,
        epoch: epoch - epochs,
        loss: value,
        lr,
        gradNorm,
        layerGradNorms,
        updateRatio,
        elapsed,
      });
      if (performance.now() - lastYield > SLICE_MS || hooks.control.paused) {
        await yieldToEventLoop();
        await hooks.control.whilePaused();
        lastYield = performance.now();
      }
      if (hooks.control.cancelled)
        return {
          loss,
          steps: engine.step,
          stop: { status: 'cancelled', message: `cancelled in pretraining, at step ${step}` },
        };
    }
    loss.push(lossSum / n);
    hooks.emit({
      type: 'epoch',
      phase: 'pretrain',
      epoch: epoch - epochs,
      step: engine.step - total,
      trainLoss: lossSum / n,
      valLoss: null,
      metrics: {},
      lr: engine.schedule.lr(engine.step),
      elapsed: hooks.elapsed(),
    });
  }
  const enc = encoderSize(model, config.model.hidden.length);
  model.params.set(engine.model.params.subarray(0, enc.params));
  model.state.set(engine.model.state.subarray(0, enc.state));
  return { loss, steps: engine.step, stop: null };
}

function diverged(step: number, lr: number): PretrainOutcome['stop'] {
  return {
    status: 'diverged',
    message: `pretraining diverged at step ${step} (the loss or the weights became non-finite); try a lower learning rate (it was ${lr}) or gradient clipping (clipNorm)`,
    divergedAtStep: step,
  };
}
