import type { RunConfig } from '../config/types';

/** How one swept setting takes its values. */
export type Distribution =
  /** One of these, each equally likely (and every one of them in a grid). */
  | { kind: 'choice'; values: unknown[] }
  | { kind: 'uniform'; low: number; high: number }
  /** exp(U(log low, log high)): every decade equally likely, as rates and penalties want. */
  | { kind: 'logUniform'; low: number; high: number }
  /** A whole number in [low, high], each equally likely. */
  | { kind: 'int'; low: number; high: number };

export interface SweepAxis {
  /** A config path such as `optimizer.lr`, `loss`, `loss.delta`, `model.hidden`. */
  path: string;
  dist: Distribution;
}

/**
 * A validated sweep. Every axis a finite list: the grid of all combinations, or a seeded subset of
 * `budget` of them. Any continuous axis: `budget` independent samples.
 */
export interface SweepSpec {
  method: 'grid' | 'random';
  axes: SweepAxis[];
  budget: number | null;
  seed: number;
  /** The metric that ranks the runs; null: the task's headline metric. */
  metric: string | null;
  /** Each point repeated over these seeds (absent: the base settings' `seeds`, if any). */
  seeds?: number[];
}

export interface SweepRun {
  /** Unique within the sweep, made of the values that vary (`lr=0.01 loss=huber`). */
  name: string;
  config: RunConfig;
  /** Axis path → the value this run takes. */
  point: Record<string, unknown>;
}
