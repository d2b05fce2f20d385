/**
 * One optimizer step, shared by the epoch loop and the PyTorch fidelity suite so both run the same code:
 * micro-batches add their gradients, then `update` applies the L1/L2 penalties, measures and clips the
 * gradient, and lets the optimizer move the parameters at the schedule's rate.
 */
import type { LossSpec, TaskBalance } from '../losses/types';
import type { Mlp } from '../model/mlp';
import type { Passes } from '../model/rowSplit';
import type { ClosureOptimizer, Optimizer } from '../optimizers/types';
import { clipByNorm, clipByValue } from '../optimizers/clip';
import type { Params } from '../params';
import type { Schedule } from '../schedules/types';

export interface Regularization {
  l1: number;
  l2: number;
  clipNorm: number | null;
  clipValue: number | null;
}

export interface UpdateResult {
  lr: number;
  /** Global gradient norm before clipping (data loss plus penalties). */
  gradNorm: number;
  layerGradNorms: number[];
  updateRatio: number;
  /** False when the gradient or the updated parameters were not finite; the parameters are then left as before. */
  finite: boolean;
}

/** The loss's views of a batch's outputs and output gradient, one per member, for one batch size. */
interface BatchViews {
  /** What they view: the model's output and the gradient buffer. */
  out: Float64Array;
  gradOutBuffer: Float64Array;
  outputs: Float64Array[];
  grads: Float64Array[];
  gradOut: Float64Array;
}

export class StepEngine {
  /** Optimizer steps taken so far (the schedule's t). */
  step = 0;
  /** Where the forward and backward passes run: the model's own, or split across threads (trainer/threads.ts). */
  passes: Passes;
  private gradOut = new Float64Array(0);
  /** The loss's gradient with respect to the task parameters, before it is scaled into the model's. */
  private readonly taskGrad: Float64Array;
  private views: BatchViews | null = null;
  private before: Float64Array;
  /** Which entries of the flat vector are weights (penalized) rather than biases. */
  private isWeight: Uint8Array;

  constructor(
    readonly model: Mlp,
    readonly loss: LossSpec,
    readonly lossParams: Params,
    /** A closure optimizer (L-BFGS) is stepped by `closureStep` (closureStep.ts), not by `update`. */
    readonly optimizer: Optimizer | ClosureOptimizer,
    readonly schedule: Schedule,
    readonly reg: Regularization,
    /** Parameters below this index are frozen (a linear probe's encoder): their gradient is dropped. */
    readonly frozen = 0,
  ) {
    this.passes = model;
    this.before = new Float64Array(model.params.length);
    this.taskGrad = new Float64Array(model.taskParams.length);
    this.isWeight = new Uint8Array(model.params.length);
    for (const l of model.layers) this.isWeight.fill(1, l.weightOffset, l.biasOffset);
  }

  /**
   * Forward (the model in training mode), loss and backward for one micro-batch of `rows` model inputs (for pair losses the members are
   * stacked: all first members, then all second members, ...). Adds `scale` × the gradient into the model's
   * gradient and returns the batch's mean data loss. `group`: each row's group, for ranking losses.
   */
  accumulate(x: Float64Array, target: Float64Array, rows: number, scale: number, group?: Float64Array): number {
    const k = this.model.outputSize;
    const out = this.passes.forward(x, rows, true);
    if (this.gradOut.length < rows * k) this.gradOut = new Float64Array(rows * k);
    const b = this.batchViews(out, rows);
    const task = this.model.taskParams.length ? { taskParams: this.model.taskParams, taskGrads: this.taskGrad } : {};
    const value = this.loss.compute(
      { outputs: b.outputs, target, n: rows / this.loss.arity, k, group, ...task },
      this.lossParams,
      b.grads,
    );
    if (this.loss.balance) this.balance(this.loss.balance, b.gradOut, rows);
    const g = this.gradOut;
    if (scale !== 1) for (let i = 0; i < rows * k; i++) g[i] *= scale;
    const tg = this.model.taskGrads;
    for (let i = 0; i < tg.length; i++) tg[i] += scale * this.taskGrad[i];
    this.passes.backward(b.gradOut, rows);
    return value;
  }

  /**
   * GradNorm: each task's gradient norm at the last shared layer's weights, by a backward pass of the
   * output gradient restricted to the task's outputs (divided by its weight: the loss's own gradient), the
   * model's gradient put back as it was after each; the balance then writes the weights' gradient.
   */
  private balance(balance: TaskBalance, gradOut: Float64Array, rows: number): void {
    const { model } = this;
    const shared = model.layers[model.layers.length - 2];
    const k = model.outputSize;
    const w = model.taskParams;
    const saved = model.grads.slice();
    const masked = new Float64Array(gradOut.length);
    const norms = balance.parts.map(({ offset, width }, t) => {
      masked.fill(0);
      for (let i = 0; i < rows; i++)
        for (let j = offset; j < offset + width; j++) masked[i * k + j] = gradOut[i * k + j] / w[t];
      model.grads.fill(0);
      model.backward(masked, rows);
      let s = 0;
      for (let i = shared.weightOffset; i < shared.biasOffset; i++) s += model.grads[i] ** 2;
      return Math.sqrt(s);
    });
    model.grads.set(saved);
    balance.observe(norms, w, this.taskGrad);
  }

  /** Views made once per batch size, so that a step allocates nothing. */
  private batchViews(out: Float64Array, rows: number): BatchViews {
    const v = this.views;
    if (v && v.out === out && v.gradOutBuffer === this.gradOut) return v;
    const k = this.model.outputSize;
    const size = (rows / this.loss.arity) * k;
    const members = Array.from({ length: this.loss.arity }, (_, m) => m * size);
    this.views = {
      out,
      gradOutBuffer: this.gradOut,
      outputs: members.map((at) => out.subarray(at, at + size)),
      grads: members.map((at) => this.gradOut.subarray(at, at + size)),
      gradOut: this.gradOut.subarray(0, rows * k),
    };
    return this.views;
  }

  /** The model's outputs for `rows` rows of inputs, in evaluation mode, without touching gradients. */
  predict(x: Float64Array, rows: number): Float64Array {
    return this.passes.forward(x, rows);
  }

  /** Value of the mean data loss on a batch (the model in evaluation mode), without touching gradients. */
  evaluate(x: Float64Array, target: Float64Array, rows: number): { value: number; out: Float64Array } {
    const out = this.predict(x, rows);
    return { value: this.lossOf(out, target, rows), out };
  }

  /** The mean data loss of outputs already computed for `rows` model rows (stacked by member, as above). */
  lossOf(out: Float64Array, target: Float64Array, rows: number, group?: Float64Array): number {
    const arity = this.loss.arity;
    const n = rows / arity;
    const k = this.model.outputSize;
    const outputs = Array.from({ length: arity }, (_, m) => out.subarray(m * n * k, (m + 1) * n * k));
    const taskParams = this.model.taskParams.length ? this.model.taskParams : undefined;
    return this.loss.compute({ outputs, target, n, k, group, taskParams }, this.lossParams, null);
  }

  /** Penalties, norm, clipping, the optimizer step; then zeroes the gradient for the next step. */
  update(): UpdateResult {
    const { params, grads } = this.model;
    const { clipNorm, clipValue } = this.reg;
    const optimizer = this.optimizer;
    if ('closure' in optimizer) throw new Error('a closure optimizer is stepped by closureStep');
    this.addPenalties();
    grads.fill(0, 0, this.frozen);
    const layerGradNorms = this.model.layerGradNorms();
    const gradNorm = Math.sqrt(layerGradNorms.reduce((s, v) => s + v * v, 0) + this.model.taskGradNorm() ** 2);
    const lr = this.schedule.lr(this.step);
    if (!Number.isFinite(gradNorm)) {
      grads.fill(0);
      return { lr, gradNorm, layerGradNorms, updateRatio: NaN, finite: false };
    }
    if (clipNorm !== null) clipByNorm(grads, clipNorm);
    if (clipValue !== null) clipByValue(grads, clipValue);
    const move = this.move(() => optimizer.step(params, grads, lr));
    this.loss.balance?.afterStep(this.model.taskParams);
    return { lr, gradNorm, layerGradNorms, ...move };
  }

  /**
   * Adds the L1/L2 penalties' gradient (weights only) into the model's gradient and returns their value,
   * l1·Σ|w| + ½·l2·Σw².
   */
  addPenalties(): number {
    const { params, grads } = this.model;
    const { l1, l2 } = this.reg;
    if (!(l1 > 0 || l2 > 0)) return 0;
    const w = this.isWeight;
    let abs = 0;
    let squares = 0;
    for (let i = 0; i < params.length; i++) {
      if (!w[i]) continue;
      const p = params[i];
      grads[i] += l2 * p + l1 * (p > 0 ? 1 : p < 0 ? -1 : 0);
      abs += Math.abs(p);
      squares += p * p;
    }
    return l1 * abs + 0.5 * l2 * squares;
  }

  /**
   * Moves the parameters with `moveParams`, zeroes the gradient and measures the move; a move that leaves
   * a parameter non-finite, or that `moveParams` calls off (returns false), is undone. Counts the step
   * when it was kept.
   */
  move(moveParams: () => boolean | void): { updateRatio: number; finite: boolean } {
    const { params, grads } = this.model;
    const before = this.before;
    before.set(params);
    const kept = moveParams() !== false;
    grads.fill(0);
    let moved = 0;
    let size = 0;
    for (let i = 0; i < params.length; i++) {
      const d = params[i] - before[i];
      moved += d * d;
      size += before[i] * before[i];
    }
    const updateRatio = Math.sqrt(moved) / (Math.sqrt(size) || 1);
    if (!kept || !Number.isFinite(updateRatio)) {
      params.set(this.before);
      return { updateRatio, finite: false };
    }
    this.step++;
    return { updateRatio, finite: true };
  }
}
