/**
 * The training loop: epochs of (shuffled) mini-batches, gradient accumulation, validation and metrics
 * each epoch, early stopping, divergence detection, cancel and pause. It reports through `onEvent` and
 * knows nothing about who listens. The parts have homes of their own: batches.ts forms the batches,
 * evaluation.ts scores an epoch, earlyStopping.ts keeps the best one, setup.ts builds the engine.
 */
import type { Mlp } from '../model/mlp';
import type { RowSplit, StartSplitThread } from '../model/rowSplit';
import { type ModelWeights, weightsOf } from '../model/weights';
import type { ClosureOptimizer } from '../optimizers/types';
import { Rng } from '../rng';
import { LrOverride } from '../schedules/override';
import { Batches, type Examples } from './batches';
import { type ClosureUpdate, closureStep } from './closureStep';
import { RunControl, SLICE_MS, yieldToEventLoop } from './control';
import { EarlyStopping } from './earlyStopping';
import { type Checkpoint, type CheckpointJson, restoreCheckpoint, takeCheckpoint } from './checkpoint';
import { EVAL_CHUNK, Evaluator, type Snapshot } from './evaluation';
import type { ControlEvent, EpochSnapshot, RunEvent, RunStatus, RunSummary, Transitions } from './events';
import { crf } from '../losses/crf';
import { transitionMatrix } from '../sequence/crf';
import { PairSampler } from './pairs';
import { GroupBatches } from './groupBatches';
import { batchingOf } from '../tasks';
import { type RunPlan, buildEngine } from './setup';
import { StepEngine, type UpdateResult } from './step';
import { type PretrainOutcome, pretrainEncoder } from './pretrain';
import { trainGenerative } from './generative';
import { splitPasses } from './threads';
import type { GeneratedRows } from './events';

export interface TrainOptions {
  onEvent?: (e: RunEvent) => void;
  control?: RunControl;
  /** Called with each checkpoint as it is taken (see checkpoint.ts). */
  onCheckpoint?: (c: Checkpoint) => void;
  /** Called with the model at the end of each epoch trained to its end, after its evaluation. */
  onEpochEnd?: (epoch: number, model: Mlp) => void;
  /** Continue from a checkpoint of a run of the same plan, at learning rate `lr` from there on. */
  resume?: { checkpoint: Checkpoint | CheckpointJson; lr: number };
  /** A generate run: called with a few generated rows each time their quality is measured (see generate/preview.ts). */
  onRows?: (rows: GeneratedRows) => void;
  /** Starts the second thread of a run with `training.threads` 2 (the host's: a worker thread). */
  startSplitThread?: StartSplitThread;
}

export interface TrainResult {
  summary: RunSummary;
  /** The model the run hands over: its last weights, or the best epoch's where early stopping restored them. */
  model: Mlp;
  /** The weights after the last step taken (before any restore). */
  final: ModelWeights;
  /** Whether `model` holds the best epoch's weights rather than `final`. */
  restoredBest: boolean;
  /** The last checkpoint taken: the last good point of a run that diverged (none for a generate run yet). */
  checkpoint?: Checkpoint;
}

/** What a step reports: the update and the loss it was made from (and, for a closure optimizer, its evaluations). */
type StepUpdate = (UpdateResult & { loss: number; evals?: undefined }) | ClosureUpdate;

/** Why a run ended before its last epoch, and what it says about it. */
interface Stop {
  status: RunStatus;
  message: string;
  divergedAtStep?: number;
}

export async function train(plan: RunPlan, opts: TrainOptions = {}): Promise<TrainResult> {
  if (plan.generative) return trainGenerative(plan, opts);
  const run = new Training(plan, opts);
  try {
    run.start();
    // A run resumed past its first epoch has pretrained already; from the checkpoint before its first step
    // it pretrains again, as seeded as the first time.
    let stop: Stop | null = run.checkpoint.epoch > 0 ? null : await run.pretrain();
    for (let epoch = run.checkpoint.epoch + 1; epoch <= plan.config.training.epochs && !stop; epoch++) {
      const trained = await run.epoch(epoch);
      stop = trained.stop ?? run.endEpoch(epoch, trained.lossSum);
      if (trained.stop) continue;
      run.takeCheckpoint(epoch);
      opts.onEpochEnd?.(epoch, run.model);
    }
    return run.finish(stop);
  } finally {
    run.split?.stop();
  }
}

/** One run's state across its epochs. */
class Training {
  private readonly started = performance.now();
  private readonly emit: (e: RunEvent) => void;
  private readonly control: RunControl;
  private readonly engine: StepEngine;
  /** The engine's schedule behind an override, so that a live control can change the rate mid-run. */
  private readonly schedule: LrOverride;
  private readonly batches: Batches;
  private readonly evaluator: Evaluator;
  private readonly early: EarlyStopping;
  private readonly rng: Rng;
  private readonly order: Int32Array;
  private readonly sampler: PairSampler | null;
  private readonly examples: Examples | null;
  /** Ranking: batches of whole groups; `order` then orders the groups. */
  private readonly groups: GroupBatches | null;
  private readonly history = { trainLoss: [] as number[], valLoss: [] as (number | null)[] };
  private last: Snapshot | null = null;
  private lastYield = performance.now();
  /** Whether any step had a gradient: a loss that is flat in the model's output trains nothing, silently. */
  private moved = false;
  private pretrained: PretrainOutcome | null = null;
  checkpoint: Checkpoint;
  private readonly onCheckpoint: (c: Checkpoint) => void;
  private readonly resumeLr: number | null;
  /** The passes' second thread, for a run with `training.threads` 2. */
  readonly split: RowSplit | null;

  constructor(
    private readonly plan: RunPlan,
    opts: TrainOptions,
  ) {
    const { data, config } = plan;
    this.emit = opts.onEvent ?? (() => {});
    this.control = opts.control ?? new RunControl();
    const built = buildEngine(plan);
    this.schedule = new LrOverride(built.schedule);
    this.engine = new StepEngine(
      built.model,
      built.loss,
      built.lossParams,
      built.optimizer,
      this.schedule,
      built.reg,
      built.frozen,
    );
    const arity = built.loss.arity;
    this.groups = batchingOf(data.task) === 'groups' ? new GroupBatches(data, data.train, plan.length.batch) : null;
    const batchRows = this.groups ? this.groups.maxRows : plan.length.batch;
    this.batches = new Batches(data, arity, Math.max(batchRows, EVAL_CHUNK));
    this.evaluator = new Evaluator(data, this.engine, this.batches, config.training.seed);
    this.early = new EarlyStopping(config.training.earlyStopping, data.val.length > 0);
    this.rng = new Rng((config.training.seed ^ 0x5eed5eed) >>> 0);
    this.order = this.groups ? Int32Array.from(this.groups.groups, (_, g) => g) : Int32Array.from(data.train);
    const n = data.train.length;
    this.sampler = arity > 1 ? new PairSampler(data.train, (row) => data.y[row]) : null;
    this.examples =
      arity > 1
        ? { members: Array.from({ length: arity }, () => new Int32Array(n)), target: new Float64Array(n) }
        : null;
    this.onCheckpoint = opts.onCheckpoint ?? (() => {});
    this.resumeLr = opts.resume?.lr ?? null;
    if (opts.resume) {
      restoreCheckpoint(this.resumable(), opts.resume.checkpoint);
      this.engine.step = opts.resume.checkpoint.step;
    }
    this.checkpoint = takeCheckpoint(this.resumable(), opts.resume?.checkpoint.epoch ?? 0, this.engine.step);
    // Last, so that nothing above can throw after the second thread has started.
    this.split = splitPasses(this.engine, config, Math.max(batchRows, EVAL_CHUNK) * arity, opts.startSplitThread);
  }

  get model(): Mlp {
    return this.engine.model;
  }

  private resumable() {
    return { model: this.engine.model, optimizer: this.engine.optimizer, rng: this.rng, order: this.order };
  }

  /** Keeps the state at the end of a finished epoch (the weights are finite: a step never leaves them otherwise). */
  takeCheckpoint(epoch: number): void {
    this.checkpoint = takeCheckpoint(this.resumable(), epoch, this.engine.step);
    this.onCheckpoint(this.checkpoint);
  }

  start(): void {
    const { data, length, config } = this.plan;
    this.onCheckpoint(this.checkpoint);
    this.emit({
      type: 'start',
      time: Date.now(),
      task: data.task,
      classes: data.classes,
      trainRows: data.train.length,
      valRows: data.val.length,
      features: data.d,
      parameters: this.engine.model.params.length,
      epochs: config.training.epochs,
      stepsPerEpoch: length.stepsPerEpoch,
      totalSteps: length.totalSteps,
      layers: this.engine.model.layers.length,
      warnings: data.warnings,
      ...(this.plan.pretrain && {
        pretrain: { epochs: this.plan.pretrain.config.epochs, steps: this.plan.pretrain.totalSteps },
      }),
    });
    if (this.resumeLr === null) return;
    // A resumed run changes the rate where it starts, as the live control would have there.
    this.schedule.set(this.resumeLr, this.engine.step);
    this.controlled('lr', this.resumeLr);
  }

  /** For a run that pretrains, the pretraining phase (pretrain.ts): its encoder then starts the supervised one. */
  async pretrain(): Promise<Stop | null> {
    const { config, data, pretrain } = this.plan;
    if (!pretrain) return null;
    const hooks = { emit: this.emit, control: this.control, elapsed: () => this.elapsed() };
    this.pretrained = await pretrainEncoder(config, pretrain, data.x, data.d, this.engine.model, hooks);
    return this.pretrained.stop;
  }

  /** Trains one epoch's batches; the sum of their losses (weighted by rows), or why the run stopped midway. */
  async epoch(epoch: number): Promise<{ lossSum: number; stop?: Stop }> {
    const { training } = this.plan.config;
    const { batch, batchesPerEpoch } = this.plan.length;
    const nTrain = this.order.length;
    const { engine, batches, examples } = this;
    if (training.shuffle) this.rng.shuffle(this.order);
    if (this.sampler && examples)
      this.sampler.sample(
        this.order,
        (row) => this.plan.data.y[row],
        engine.loss.arity as 2 | 3,
        this.rng,
        examples.members,
        examples.target,
      );
    if ('closure' in engine.optimizer) return this.closureEpoch(epoch, engine.optimizer);
    let lossSum = 0;
    let micro = 0;
    let stepLoss = 0;
    let stepRows = 0;
    for (let b = 0; b < batchesPerEpoch; b++) {
      const from = b * batch;
      const count = Math.min(batch, nTrain - from);
      // Each micro-batch's mean counts by its share of the step's rows, so that k accumulated batches of b
      // rows are one batch of k·b rows, also for a short last batch or a short last step of the epoch.
      if (micro === 0) stepRows = Math.min(training.accumulate * batch, nTrain - from);
      const share = count / stepRows;
      const grouped = this.groups?.gather(this.order, from, count);
      const rows = grouped
        ? batches.fill(grouped.rows, 0, grouped.rows.length, null)
        : batches.fill(this.order, from, count, examples);
      const value = engine.accumulate(
        batches.inputs(rows),
        batches.targets(grouped ? rows : count),
        rows,
        share,
        grouped?.group,
      );
      if (!Number.isFinite(value)) {
        engine.model.grads.fill(0);
        return { lossSum, stop: this.diverged(`the loss became ${value}`, epoch) };
      }
      lossSum += value * count;
      stepLoss += value * share;
      micro++;
      if (micro < training.accumulate && b < batchesPerEpoch - 1) continue;
      const loss = stepLoss;
      const stop = await this.step(epoch, () => ({ loss, ...engine.update() }));
      if (stop) return { lossSum, stop };
      micro = 0;
      stepLoss = 0;
    }
    return { lossSum };
  }

  /** An optimizer that takes a closure (L-BFGS) makes one outer step an epoch on all training rows. */
  private async closureEpoch(epoch: number, optimizer: ClosureOptimizer): Promise<{ lossSum: number; stop?: Stop }> {
    const n = this.order.length;
    // Ranking: every group, its rows together, in the epoch's order of groups.
    const grouped = this.groups?.gather(this.order, 0, n);
    const rows = grouped
      ? this.batches.fill(grouped.rows, 0, grouped.rows.length, null)
      : this.batches.fill(this.order, 0, n, this.examples);
    const x = this.batches.inputs(rows);
    const target = this.batches.targets(grouped ? rows : n);
    let loss = NaN;
    const stop = await this.step(epoch, () => {
      const u = closureStep(this.engine, optimizer, x, target, rows, grouped?.group);
      loss = u.loss;
      return u;
    });
    return { lossSum: loss * n, stop: stop ?? undefined };
  }

  /** One optimizer step (`update` makes it and reports the step's loss), with the live controls around it. */
  private async step(epoch: number, update: () => StepUpdate): Promise<Stop | null> {
    const { engine, control } = this;
    const newLr = control.takeLr();
    if (newLr !== null) {
      this.schedule.set(newLr, engine.step);
      this.controlled('lr', newLr);
    }
    const step = engine.step;
    const u = update();
    this.moved ||= u.gradNorm > 0;
    if (!u.finite)
      return this.diverged(
        !Number.isFinite(u.loss)
          ? `the loss became ${u.loss}`
          : Number.isFinite(u.gradNorm)
            ? 'the update made the weights non-finite'
            : `the gradient norm became ${u.gradNorm}`,
        epoch,
      );
    const { loss, lr, gradNorm, layerGradNorms, updateRatio, evals } = u;
    this.emit({
      type: 'step',
      step,
      epoch,
      loss,
      lr,
      gradNorm,
      layerGradNorms,
      updateRatio,
      ...(evals === undefined ? {} : { evals }),
      elapsed: this.elapsed(),
    });
    // A pause asked for synchronously (by a step listener) holds the next step, not the end of the slice.
    if (control.paused || performance.now() - this.lastYield > SLICE_MS) {
      await yieldToEventLoop();
      if (control.paused) {
        this.controlled('pause');
        await control.whilePaused();
        if (!control.cancelled) this.controlled('resume');
      }
      this.lastYield = performance.now();
    }
    if (!control.cancelled) return null;
    this.controlled('stop');
    return { status: 'cancelled', message: `cancelled at step ${engine.step} (epoch ${epoch})` };
  }

  /** A CRF run's transition scores, for the dashboard's heat map; nothing for other runs. */
  private transitions(): { transitions?: Transitions } {
    const tags = this.plan.data.classes;
    if (this.engine.loss.id !== crf.id || !tags) return {};
    return { transitions: { tags, scores: transitionMatrix(this.engine.model.taskParams, tags.length) } };
  }

  /** Scores the finished epoch, reports it, and asks early stopping whether to go on. */
  endEpoch(epoch: number, lossSum: number): Stop | null {
    const { engine } = this;
    const snap = this.evaluator.epoch(epoch, lossSum / this.order.length);
    this.last = snap;
    this.history.trainLoss.push(snap.trainLoss);
    this.history.valLoss.push(snap.valLoss);
    engine.schedule.observe?.(snap.valLoss ?? snap.trainLoss);
    engine.loss.endEpoch?.();
    const { trainLoss, valLoss, metrics } = snap;
    this.emit({
      type: 'epoch',
      epoch,
      step: engine.step,
      trainLoss,
      valLoss,
      metrics,
      lr: engine.schedule.lr(engine.step),
      elapsed: this.elapsed(),
      ...this.transitions(),
    });
    const why = this.early.observe(snap, engine.model.params, engine.model.state);
    return why === null ? null : { status: 'early_stopped', message: why };
  }

  /** The run's summary (the best epoch's weights restored where asked), reported as its end. */
  finish(stop: Stop | null): TrainResult {
    const { engine, early } = this;
    const status = stop?.status ?? 'completed';
    let message = stop?.message ?? null;
    if (!this.moved && engine.step > 0 && (status === 'completed' || status === 'early_stopped'))
      message = message ? `${message}; ${FLAT_GRADIENT}` : FLAT_GRADIENT;
    let final = this.last;
    const finalWeights = weightsOf(engine.model);
    const restoredBest = status === 'early_stopped' && early.restoresBest;
    if (restoredBest) {
      engine.model.params.set(early.best!.params);
      engine.model.state.set(early.best!.state);
      final = early.best!.snap;
    }
    const best = early.best;
    const { data } = this.plan;
    const summary: RunSummary = {
      status,
      task: data.task,
      epochs: this.history.trainLoss.length,
      steps: engine.step,
      final: epochSnapshot(final),
      best: best && { ...(epochSnapshot(best.snap) as EpochSnapshot), monitor: early.monitor, value: best.value },
      confusion: final?.confusion ?? null,
      classes: data.classes,
      history: this.history,
      message,
      divergedAtStep: stop?.divergedAtStep ?? null,
      timing: { trainSeconds: this.elapsed() },
      ...(this.pretrained && {
        pretrain: {
          epochs: this.pretrained.loss.length,
          steps: this.pretrained.steps,
          history: { loss: this.pretrained.loss },
        },
      }),
    };
    this.emit({ type: 'end', summary });
    return { summary, model: engine.model, final: finalWeights, restoredBest, checkpoint: this.checkpoint };
  }

  private diverged(what: string, epoch: number): Stop {
    const { step } = this.engine;
    const lr = this.engine.schedule.lr(step);
    // L-BFGS refuses clipping (its curvature needs the true gradient); its line search keeps steps in check.
    const tame =
      'closure' in this.engine.optimizer
        ? 'its line search (line_search_fn strong_wolfe)'
        : 'gradient clipping (clipNorm)';
    const message =
      `${what} at step ${step} (epoch ${epoch}); the last finite weights are kept. ` +
      `Try a lower learning rate (it was ${lr}), ${tame}, or a standardized target.`;
    return { status: 'diverged', message, divergedAtStep: step };
  }

  private controlled(action: ControlEvent['action'], lr?: number): void {
    this.emit({
      type: 'control',
      step: this.engine.step,
      action,
      ...(lr === undefined ? {} : { lr }),
      elapsed: this.elapsed(),
    });
  }

  private elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }
}

const FLAT_GRADIENT =
  "the gradient was 0 at every step, so nothing was learned from the data: the loss has no slope in the model's output here " +
  '(a formula made of comparisons is flat between its jumps), or every ReLU unit is inactive (try another seed, initialization or activation)';

function epochSnapshot(s: Snapshot | null): EpochSnapshot | null {
  return s && { epoch: s.epoch, trainLoss: s.trainLoss, valLoss: s.valLoss, metrics: s.metrics };
}
