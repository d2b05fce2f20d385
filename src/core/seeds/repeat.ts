/**
 * Repeating a configuration over seeds: one run per seed, named `<name> seed=<s>`, grouped by the
 * configuration's name. The seed is the run's `training.seed`, so the split, initial weights and batch
 * order of two configurations with the same seed are the same (see README, "Paired runs").
 */
import type { RunConfig } from '../config/types';
import { fail } from '../config/fields';

/** Most seeds one configuration repeats over. */
export const MAX_SEEDS = 100;

/** A `seeds` value checked: distinct whole numbers in [0, 2³² − 1], at least two. */
export function seedList(v: unknown, field: string): number[] {
  if (!Array.isArray(v) || v.length < 2 || v.length > MAX_SEEDS)
    fail(field, `must be a list of 2 to ${MAX_SEEDS} seeds, e.g. [1, 2, 3]`);
  for (const s of v)
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > 2 ** 32 - 1)
      fail(field, `must list whole numbers in [0, 4294967295], got ${JSON.stringify(s)}`);
  const seeds = v as number[];
  const twice = seeds.find((s, i) => seeds.indexOf(s) !== i);
  if (twice !== undefined) fail(field, `lists seed ${twice} twice`);
  return [...seeds];
}

/** The name of the run of `config` with seed `seed`. */
export function seedRunName(name: string, seed: number): string {
  return `${name} seed=${seed}`;
}

/** The runs a configuration stands for: itself without `seeds`, or one run per seed, grouped by its name. */
export function seedRuns(config: RunConfig): RunConfig[] {
  const { seeds, ...rest } = config;
  if (!seeds) return [config];
  return seeds.map((seed) => ({
    ...structuredClone(rest),
    name: seedRunName(config.name, seed),
    group: config.name,
    training: { ...rest.training, seed },
  }));
}
