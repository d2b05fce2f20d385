/**
 * A training run's decision surface, computed as it trains (every `surfaceEvery` epochs and at the end) from
 * the checkpoint's weights in a model of its own, so that the training model's buffers are left alone.
 */
import type { Mlp } from '../core/model/mlp';
import { type ModelWeights, loadWeights, setFlatWeights } from '../core/model/weights';
import { type DecisionSurface, decisionSurface, hasSurface } from '../core/probe/surface';
import type { Checkpoint } from '../core/trainer/checkpoint';
import { type RunPlan, initialModel } from '../core/trainer/setup';

/** Ten surfaces over a run, at most: each is a forward pass over the grid and a message of ~50 KB. */
export function surfaceEvery(epochs: number): number {
  return Math.max(1, Math.floor(epochs / 10));
}

/** Whether a run of this plan has a surface: its data has one, and the model takes the features as they are. */
export function planHasSurface(plan: RunPlan): boolean {
  return hasSurface(plan.data) && plan.sizes[0] === plan.data.d;
}

export type SurfaceListener = (epoch: number, surface: DecisionSurface) => void;

export class LiveSurface {
  private readonly model: Mlp;
  private readonly every: number;
  private lastEpoch = -1;

  private constructor(
    private readonly plan: RunPlan,
    private readonly send: SurfaceListener,
  ) {
    this.model = initialModel(plan);
    this.every = surfaceEvery(plan.config.training.epochs);
  }

  /** Null for a run without a surface (one feature, or a task without one prediction per row). */
  static of(plan: RunPlan, send: SurfaceListener): LiveSurface | null {
    return planHasSurface(plan) ? new LiveSurface(plan, send) : null;
  }

  onCheckpoint(c: Checkpoint): void {
    if (c.epoch % this.every !== 0 && c.epoch !== this.plan.config.training.epochs) return;
    setFlatWeights(this.model, c.weights);
    this.emit(c.epoch);
  }

  /** The final weights, unless the last checkpoint already showed them. */
  onEnd(final: ModelWeights, epoch: number): void {
    if (epoch === this.lastEpoch) return;
    loadWeights(this.model, final, 'final');
    this.emit(epoch);
  }

  private emit(epoch: number): void {
    this.lastEpoch = epoch;
    this.send(epoch, decisionSurface(this.model, this.plan.data));
  }
}
