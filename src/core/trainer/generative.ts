/**
 * The loop of a generate run, beside the supervised one (train.ts) and sharing its events, controls and
 * summary: epochs of shuffled mini-batches of encoded rows, each handed to the family's `step` (one update
 * for the VAE; a GAN's critic and generator rounds), the held-out loss each epoch, and the quality of rows
 * sampled from the model (generate/quality.ts) against the held-out rows (the training rows without any)
 * every QUALITY_EVERY epochs and at the last one, with how much of the data's spread those rows keep
 * (generate/collapse.ts) and, for a live dashboard, a few of them (generate/preview.ts).
 */
import { familyOf } from '../generate/families';
import type { GenerativeModel } from '../generate/family';
import { weightsOf } from '../model/weights';
import type { Mlp } from '../model/mlp';
import { type ColumnSample, columnsOf } from '../generate/layout';
import { spreadOf } from '../generate/collapse';
import { previewColumns } from '../generate/preview';
import { quality } from '../generate/quality';
import { sampleColumns } from '../generate/sample';
import { gaussianCopula, independentMarginals } from '../generate/baselines';
import { Rng } from '../rng';
import { RunControl, SLICE_MS, yieldToEventLoop } from './control';
import type { EpochSnapshot, GeneratedRows, Metrics, RunStatus, RunSummary, Spread } from './events';
import { buildNetworks } from './generativePlan';
import type { RunPlan } from './setup';
import type { TrainOptions, TrainResult } from './train';
import { LossLabError } from '../errors';
import { createSchedule } from '../schedules';

/** Quality is measured every this many epochs (and at the last): sampling and the two-sample test cost an epoch or so. */
export const QUALITY_EVERY = 5;

interface Stop {
  status: RunStatus;
  message: string;
  divergedAtStep?: number;
}

export async function trainGenerative(plan: RunPlan, opts: TrainOptions = {}): Promise<TrainResult> {
  if (opts.resume) throw new LossLabError('a generate run cannot be resumed yet; start it again', { field: 'resume' });
  const g = plan.generative!;
  const { config, data } = plan;
  const emit = opts.onEvent ?? (() => {});
  const control = opts.control ?? new RunControl();
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const seed = config.training.seed;
  const networks = buildNetworks(plan);
  const model = familyOf(config.loss.name).create({
    config,
    layout: data.layout!,
    latent: g.latent,
    lossParams: plan.lossParams,
    networks,
    noise: new Rng((seed ^ 0x0a11ce) >>> 0),
  });
  const { name: _s, ...schedGiven } = config.schedule;
  const lr0 = Number(config.optimizer.lr ?? 0.001);
  const schedule = createSchedule(config.schedule.name, lr0, schedGiven, plan.length, 'schedule');
  emit({
    type: 'start',
    time: Date.now(),
    task: 'generate',
    classes: null,
    trainRows: data.train.length,
    valRows: data.val.length,
    features: data.d,
    parameters: networks.reduce((s, m) => s + m.params.length, 0),
    epochs: config.training.epochs,
    stepsPerEpoch: plan.length.stepsPerEpoch,
    totalSteps: plan.length.totalSteps,
    layers: networks.reduce((s, m) => s + m.layers.length, 0),
    warnings: data.warnings,
  });
  const order = Int32Array.from(data.train);
  const rng = new Rng((seed ^ 0x5eed5eed) >>> 0);
  const history = { trainLoss: [] as number[], valLoss: [] as (number | null)[] };
  let last: EpochSnapshot | null = null;
  let step = 0;
  let stop: Stop | null = null;
  let lastYield = performance.now();
  const buffer = new Float64Array(plan.length.batch * data.d);
  const scorer = qualityScorer(plan);
  const baselines = scorer.baselines();
  const rows = opts.onRows && previewSender(plan, scorer.real, baselines, opts.onRows);
  for (let epoch = 1; epoch <= config.training.epochs && !stop; epoch++) {
    if (config.training.shuffle) rng.shuffle(order);
    let lossSum = 0;
    const parts = new PartMeans();
    for (let from = 0; from < order.length && !stop; from += plan.length.batch) {
      const count = Math.min(plan.length.batch, order.length - from);
      gather(data.x, data.d, order, from, count, buffer);
      const takeLr = control.takeLr();
      const lr = takeLr ?? schedule.lr(step);
      const u = model.step(buffer.subarray(0, count * data.d), count, lr);
      if (!Number.isFinite(u.loss) || !Number.isFinite(u.gradNorm)) {
        stop = diverged(u.loss, step, epoch, lr);
        break;
      }
      lossSum += u.loss * count;
      parts.add(u.parts, count);
      emit({
        type: 'step',
        step,
        epoch,
        loss: u.loss,
        lr,
        gradNorm: u.gradNorm,
        layerGradNorms: [],
        updateRatio: 0,
        elapsed: elapsed(),
      });
      step++;
      if (control.paused || performance.now() - lastYield > SLICE_MS) {
        await yieldToEventLoop();
        await control.whilePaused();
        lastYield = performance.now();
      }
      if (control.cancelled) stop = { status: 'cancelled', message: `cancelled at step ${step} (epoch ${epoch})` };
    }
    if (stop && stop.status === 'diverged') break;
    last = endEpoch(model, plan, epoch, lossSum / order.length, seed);
    Object.assign(last.metrics, parts.means());
    const lastEpoch = epoch === config.training.epochs || stop !== null;
    let spread: Spread | null = null;
    if (epoch % QUALITY_EVERY === 0 || lastEpoch) {
      const scored = scorer.model(model.sampler, epoch);
      Object.assign(last.metrics, scored.metrics);
      spread = spreadOf(scorer.real, scored.synthetic);
      rows?.(scored.synthetic, epoch);
    }
    history.trainLoss.push(last.trainLoss);
    history.valLoss.push(last.valLoss);
    emit({ type: 'epoch', step, ...last, ...(spread && { spread }), lr: schedule.lr(step), elapsed: elapsed() });
  }
  const summary: RunSummary = {
    status: stop?.status ?? 'completed',
    task: 'generate',
    epochs: history.trainLoss.length,
    steps: step,
    final: last,
    best: null,
    confusion: null,
    classes: null,
    history,
    message: stop?.message ?? null,
    divergedAtStep: stop?.divergedAtStep ?? null,
    timing: { trainSeconds: elapsed() },
    baselines,
  };
  emit({ type: 'end', summary });
  const layers = networks.flatMap((m) => weightsOf(m).layers);
  return { summary, model: model.sampler, final: { layers, task: [] }, restoredBest: false };
}

/** Each named part of the steps' losses (a GAN's d_loss, g_loss, ...) averaged over the rows of an epoch. */
class PartMeans {
  private sums = new Map<string, { sum: number; rows: number }>();

  add(parts: Record<string, number>, rows: number): void {
    for (const [name, v] of Object.entries(parts)) {
      const s = this.sums.get(name) ?? { sum: 0, rows: 0 };
      s.sum += v * rows;
      s.rows += rows;
      this.sums.set(name, s);
    }
  }

  means(): Record<string, number> {
    return Object.fromEntries([...this.sums].map(([name, s]) => [name, s.sum / s.rows]));
  }
}

/**
 * Synthetic rows drawn for each quality measure, at least: with as few as the held-out rows (36 of wine's
 * 178), the draw's own noise would be as large as the figures (a sampler of the training rows' exact
 * marginals scored a tvd_mean of 0.42 on one seed), so the figures describe the draw more than the model.
 */
export const QUALITY_SAMPLES = 2000;

/**
 * Scores samples against the held-out rows (the training rows when there are none), QUALITY_SAMPLES of
 * them or as many as those rows if more (the two-sample test takes as many as there are real rows); each
 * draw seeded by the run's seed and the epoch, so that a run scores the same each time.
 */
function qualityScorer(plan: RunPlan) {
  const { data, config } = plan;
  const layout = data.layout!;
  const realRows = data.val.length ? data.val : data.train;
  const real = columnsOf(layout, data.x, realRows);
  const n = Math.max(real.n, QUALITY_SAMPLES);
  const seed = config.training.seed;
  const rng = (salt: number) => new Rng((seed * 31 + salt * 0x2545f491) >>> 0);
  return {
    real,
    model: (sampler: Mlp, epoch: number) => {
      const synthetic = sampleColumns(sampler, layout, n, rng(epoch));
      return { synthetic, metrics: quality(layout, real, synthetic, rng(-epoch)) };
    },
    baselines: () => {
      const train = columnsOf(layout, data.x, data.train);
      return {
        independent: quality(layout, real, independentMarginals(train, n, rng(1e6)), rng(1e6 + 1)),
        gaussian_copula: quality(layout, real, gaussianCopula(train, n, rng(2e6)), rng(2e6 + 1)),
      };
    },
  };
}

/** Sends each scored sample's first rows, with the real rows and the baselines the first time. */
function previewSender(
  plan: RunPlan,
  real: ColumnSample,
  baselines: Record<string, Metrics>,
  onRows: (rows: GeneratedRows) => void,
) {
  const layout = plan.data.layout!;
  let first = true;
  return (synthetic: ColumnSample, epoch: number) => {
    const once = first ? { real: previewColumns(layout, real), baselines } : {};
    first = false;
    onRows({ epoch, synthetic: previewColumns(layout, synthetic), ...once });
  };
}

function gather(x: Float64Array, d: number, order: Int32Array, from: number, count: number, out: Float64Array): void {
  for (let i = 0, to = 0; i < count; i++) for (let j = 0, at = order[from + i] * d; j < d; j++) out[to++] = x[at + j];
}

/** The epoch's scores: the held-out loss (its noise seeded by the epoch, so the same on every run). */
function endEpoch(
  model: GenerativeModel,
  plan: RunPlan,
  epoch: number,
  trainLoss: number,
  seed: number,
): EpochSnapshot {
  const { data } = plan;
  const val = data.val;
  let valLoss: number | null = null;
  if (val.length) {
    const x = new Float64Array(val.length * data.d);
    gather(data.x, data.d, val, 0, val.length, x);
    valLoss = model.loss(x, val.length, new Rng((seed + epoch * 0x9e37) >>> 0));
  }
  const metrics: Metrics = {};
  return { epoch, trainLoss, valLoss, metrics };
}

function diverged(loss: number, step: number, epoch: number, lr: number): Stop {
  const message =
    `the loss became ${loss} at step ${step} (epoch ${epoch}). ` +
    `Try a lower learning rate (it was ${lr}) or gradient clipping (clipNorm).`;
  return { status: 'diverged', message, divergedAtStep: step };
}
