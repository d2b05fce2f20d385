/** What a training run tells its listeners (the run store, the CLI, the extension via its worker). */
import type { Task } from '../tasks';

export type RunStatus = 'running' | 'completed' | 'early_stopped' | 'diverged' | 'cancelled' | 'failed' | 'interrupted';

/** Metric name → value; which names appear depends on the task (see metrics.ts). */
export type Metrics = Record<string, number>;

export interface StartEvent {
  type: 'start';
  time: number;
  task: Task;
  classes: string[] | null;
  trainRows: number;
  valRows: number;
  features: number;
  parameters: number;
  epochs: number;
  stepsPerEpoch: number;
  totalSteps: number;
  layers: number;
  warnings: string[];
  /** A run that pretrains first: the pretraining phase's epochs and steps (see trainer/pretrain.ts). */
  pretrain?: { epochs: number; steps: number };
}

/** The phase of a pretraining step or epoch; absent for the supervised phase. */
export type Phase = 'pretrain';

export interface StepEvent {
  type: 'step';
  phase?: Phase;
  /** 0-based optimizer step; a pretraining step counts up to 0 from minus the phase's steps. */
  step: number;
  epoch: number;
  /** Data loss of the step's batch (without the L1/L2 penalty). */
  loss: number;
  lr: number;
  /** Global L2 norm of the gradient (data loss plus penalties), before clipping. */
  gradNorm: number;
  layerGradNorms: number[];
  /** ‖Δθ‖ / ‖θ‖ for this step: about 1e-3 is healthy; much larger means the rate is too high. */
  updateRatio: number;
  /**
   * Loss evaluations the step made, for an optimizer that takes a closure (L-BFGS: `loss` and `gradNorm`
   * are at the first); absent for the others, which make one.
   */
  evals?: number;
  /** Seconds since training started. */
  elapsed: number;
}

export interface EpochEvent {
  type: 'epoch';
  phase?: Phase;
  /** 1-based; a pretraining epoch counts up to 0 from 1 minus the phase's epochs (the NT-Xent loss, no metrics). */
  epoch: number;
  step: number;
  /** Mean of the epoch's batch losses. */
  trainLoss: number;
  /** Loss on the validation split (null without one). */
  valLoss: number | null;
  /** On the validation split, or the training split when there is none; in the target's original units. */
  metrics: Metrics;
  lr: number;
  elapsed: number;
  /** A CRF run: its learned transition scores after the epoch, `scores[i][j]` for tag i followed by tag j. */
  transitions?: Transitions;
  /** A generate run, on the epochs its quality is measured: how much of the data's spread its rows keep. */
  spread?: Spread;
}

/** How much of the data's spread a generate run's rows keep (see generate/collapse.ts). */
export interface Spread {
  /** The mean of the columns' capped ratios (1: the data's spread or more; 0: every row the same). */
  ratio: number;
  collapsed: boolean;
}

/** A column of a few rows in the original units, a categorical one as label indices (see generate/preview.ts). */
export type PreviewColumn =
  | { kind: 'numeric'; name: string; values: number[] }
  | { kind: 'categorical'; name: string; labels: string[]; codes: number[] };

/** What a generate run shows of its rows every few epochs (with its quality figures). */
export interface GeneratedRows {
  epoch: number;
  synthetic: PreviewColumn[];
  /** The held-out rows (the training rows without any): sent once, with the first preview. */
  real?: PreviewColumn[];
  /** The baselines' quality figures (see generate/baselines.ts): sent once, with the first preview. */
  baselines?: Record<string, Metrics>;
}

export interface Transitions {
  tags: string[];
  scores: number[][];
}

export interface EpochSnapshot {
  epoch: number;
  trainLoss: number;
  valLoss: number | null;
  metrics: Metrics;
}

export interface RunSummary {
  status: RunStatus;
  task: Task;
  epochs: number;
  steps: number;
  final: EpochSnapshot | null;
  best: (EpochSnapshot & { monitor: string; value: number }) | null;
  /** For classification: rows = true class, columns = predicted, on the evaluation split. */
  confusion: number[][] | null;
  classes: string[] | null;
  history: { trainLoss: number[]; valLoss: (number | null)[] };
  /** Why the run stopped early, diverged or failed, and what to try. */
  message: string | null;
  divergedAtStep: number | null;
  timing: { trainSeconds: number };
  /**
   * A generate run: the quality figures of the baselines (independent marginals, Gaussian copula) sampled
   * from the training rows and scored against the same rows as the model (see generate/baselines.ts).
   */
  baselines?: Record<string, Metrics>;
  /** A run that pretrained: the mean NT-Xent loss of each pretraining epoch. */
  pretrain?: { epochs: number; steps: number; history: { loss: number[] } };
}

export interface EndEvent {
  type: 'end';
  summary: RunSummary;
}

export interface LogEvent {
  type: 'log';
  level: 'info' | 'warning';
  message: string;
}

/**
 * A live control that took effect: `lr` from step `step` on (see schedules/override.ts), or a pause,
 * resume or stop after `step` steps.
 */
export interface ControlEvent {
  type: 'control';
  step: number;
  action: 'lr' | 'pause' | 'resume' | 'stop';
  /** The new rate (`lr` only). */
  lr?: number;
  elapsed: number;
}

export type RunEvent = StartEvent | StepEvent | EpochEvent | EndEvent | LogEvent | ControlEvent;
