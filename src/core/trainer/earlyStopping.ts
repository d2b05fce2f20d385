/** Keeping the best epoch by the monitored value, and stopping when it has not improved for `patience` epochs. */
import type { EarlyStoppingConfig } from '../config/types';
import { lowerIsBetter } from '../metricNames';
import type { Snapshot } from './evaluation';

export interface Best {
  snap: Snapshot;
  value: number;
  params: Float64Array;
  /** The model's state (batch norm's running statistics) at that epoch. */
  state: Float64Array;
}

export class EarlyStopping {
  /** The value watched: the config's monitor, else the validation loss (the training loss without a validation split). */
  readonly monitor: string;
  best: Best | null = null;
  private readonly lower: boolean;
  private sinceBest = 0;

  constructor(
    private readonly config: EarlyStoppingConfig | null,
    hasValidation: boolean,
  ) {
    this.monitor = config?.monitor ?? (hasValidation ? 'val_loss' : 'train_loss');
    this.lower = lowerIsBetter(this.monitor);
  }

  /** Records an epoch (and the weights and state it ended with); returns why training stops, or null to go on. */
  observe(snap: Snapshot, params: Float64Array, state: Float64Array): string | null {
    const value = this.value(snap);
    const minDelta = this.config?.minDelta ?? 0;
    const best = this.best;
    if (!best || (this.lower ? value < best.value - minDelta : value > best.value + minDelta)) {
      this.best = { snap, value, params: params.slice(), state: state.slice() };
      this.sinceBest = 0;
      return null;
    }
    if (!this.config || ++this.sinceBest < this.config.patience) return null;
    return `${this.monitor} did not improve by more than ${minDelta} for ${this.config.patience} epochs; best at epoch ${best.snap.epoch}`;
  }

  /** Whether the model should end with the best epoch's weights. */
  get restoresBest(): boolean {
    return this.config?.restoreBest === true && this.best !== null;
  }

  private value(s: Snapshot): number {
    if (this.monitor === 'val_loss') return s.valLoss ?? s.trainLoss;
    if (this.monitor === 'train_loss') return s.trainLoss;
    return s.metrics[this.monitor] ?? NaN;
  }
}
