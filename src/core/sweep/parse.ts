/**
 * The `sweep` block of an experiment file:
 *
 *   "sweep": { "grid": { "optimizer.lr": [0.1, 0.01], "loss": ["mse", "huber"] } }
 *   "sweep": { "random": { "optimizer.lr": { "logUniform": [1e-4, 1e-1] }, "model.hidden": [[64], [32, 32]] },
 *              "budget": 12, "seed": 0, "metric": "accuracy" }
 *
 * Keys are config paths; a component's parameter is `loss.delta` (or `loss.params.delta`). A grid takes
 * every combination, or with a `budget` a seeded subset of that many; random search draws `budget`
 * points. The values themselves are checked when each point is resolved as a run.
 */
import { LossLabError, shorten, showValue } from '../errors';
import { type Json, fail, number, object, onlyKeys } from '../config/fields';
import { LOSS_NAMES, METRIC_NAMES } from '../metricNames';
import { seedList } from '../seeds/repeat';
import type { Distribution, SweepAxis, SweepSpec } from './types';

/** Sections a sweep may change, as in a run. */
const SECTIONS = ['data', 'model', 'loss', 'optimizer', 'schedule', 'training', 'pretrain'] as const;
const COMPONENTS = ['loss', 'optimizer', 'schedule'];
const FIELD_EXAMPLES: Record<string, string> = {
  data: 'data.valSplit',
  model: 'model.hidden',
  training: 'training.batchSize',
  pretrain: 'pretrain.corruption',
};

/** Metrics a sweep can rank by: the losses and every metric the trainer reports. */
export const SWEEP_METRICS = [...LOSS_NAMES, ...METRIC_NAMES] as const;

/** More runs than this is a typo in a range, not an experiment. */
export const MAX_SWEEP_RUNS = 10_000;

/** `sweep.grid["optimizer.lr"]`: keys with dots stay readable as one key. */
function axisField(block: string, path: string): string {
  return `sweep.${block}[${showValue(path)}]`;
}

/** `loss.params.delta` → `loss.delta`; checks that the path starts with a run section. */
export function normalizePath(path: string, field: string): string {
  const parts = path.split('.');
  if (parts.length >= 3 && COMPONENTS.includes(parts[0]) && parts[1] === 'params') parts.splice(1, 1);
  if (!(SECTIONS as readonly string[]).includes(parts[0]) || parts.some((p) => p === ''))
    fail(
      field,
      `is not a config path; paths start with ${SECTIONS.join(', ')} (for example optimizer.lr, loss.delta, model.hidden)`,
    );
  if (parts.length === 1 && !COMPONENTS.includes(parts[0]))
    fail(field, `names a whole section; sweep one of its fields, such as ${FIELD_EXAMPLES[parts[0]]}`);
  return parts.join('.');
}

function range(v: unknown, field: string, positive: boolean, integer: boolean): [number, number] {
  if (!Array.isArray(v) || v.length !== 2) fail(field, `must be [low, high], got ${showValue(v)}`);
  const rule = { integer, ...(positive ? { min: 0, minExclusive: true } : {}) };
  const low = number(v[0], `${field}[0]`, rule);
  const high = number(v[1], `${field}[1]`, rule);
  if (!(low < high)) fail(field, `must have low < high, got [${low}, ${high}]`);
  return [low, high];
}

/** A value listed twice (as JSON), or null: the two runs would be the same. */
export function repeatedValue(values: readonly unknown[]): string | null {
  const shown = values.map((x) => JSON.stringify(x));
  return shown.find((x, i) => shown.indexOf(x) !== i) ?? null;
}

function distribution(v: unknown, field: string, grid: boolean): Distribution {
  if (Array.isArray(v)) {
    if (v.length === 0) fail(field, 'must list at least one value');
    const twice = repeatedValue(v);
    if (twice !== null) fail(field, `lists ${shorten(twice)} twice`);
    return { kind: 'choice', values: v };
  }
  if (grid)
    fail(
      field,
      `must be a list of values, got ${showValue(v)}; ranges belong to random search ("random": {...}, "budget": N)`,
    );
  const o = object(v, field);
  const kinds = ['uniform', 'logUniform', 'int'] as const;
  onlyKeys(o, kinds, field);
  const given = kinds.filter((k) => o[k] !== undefined);
  if (given.length !== 1)
    fail(field, `must be a list of values or one of {"uniform": [a, b]}, {"logUniform": [a, b]}, {"int": [a, b]}`);
  const kind = given[0];
  const [low, high] = range(o[kind], `${field}.${kind}`, kind === 'logUniform', kind === 'int');
  return { kind, low, high };
}

function axes(block: Json, name: 'grid' | 'random'): SweepAxis[] {
  const keys = Object.keys(block).filter((k) => !k.startsWith('//'));
  if (keys.length === 0)
    fail(`sweep.${name}`, 'must name at least one setting to vary, e.g. {"optimizer.lr": [0.1, 0.01]}');
  const seen = new Map<string, string>();
  return keys.map((key) => {
    const field = axisField(name, key);
    const path = normalizePath(key, field);
    const twin = seen.get(path);
    if (twin !== undefined) fail(field, `is the same setting as ${showValue(twin)}; give it once`);
    seen.set(path, key);
    return { path, dist: distribution(block[key], field, name === 'grid') };
  });
}

/** Number of combinations of a grid, or null when an axis is continuous. */
export function gridSize(axes: readonly SweepAxis[]): number | null {
  let size = 1;
  for (const a of axes) {
    if (a.dist.kind !== 'choice') return null;
    size *= a.dist.values.length;
  }
  return size;
}

/** How many runs a sweep makes. */
export function sweepRunCount(spec: SweepSpec): number {
  const size = gridSize(spec.axes);
  if (size === null) return spec.budget ?? 0;
  return spec.budget === null ? size : Math.min(size, spec.budget);
}

export function parseSweep(raw: unknown): SweepSpec {
  const o = object(raw, 'sweep');
  onlyKeys(o, ['grid', 'random', 'budget', 'samples', 'seed', 'metric', 'seeds'], 'sweep');
  if ((o.grid === undefined) === (o.random === undefined))
    fail(
      'sweep',
      'needs exactly one of "grid" (every combination of listed values) or "random" (sampled points, with a "budget")',
    );
  if (o.budget !== undefined && o.samples !== undefined)
    fail('sweep.samples', 'is another name for budget; give one of them');
  const method = o.grid !== undefined ? 'grid' : 'random';
  const axisList = axes(object(o[method], `sweep.${method}`), method);
  const budgetRaw = o.budget ?? o.samples;
  const budgetField = o.budget !== undefined ? 'sweep.budget' : 'sweep.samples';
  const budget =
    budgetRaw === undefined ? null : number(budgetRaw, budgetField, { integer: true, min: 1, max: MAX_SWEEP_RUNS });
  if (method === 'random' && budget === null)
    fail('sweep.budget', 'is required with random search: the number of runs to sample');
  const seed = o.seed === undefined ? 0 : number(o.seed, 'sweep.seed', { integer: true, min: 0, max: 2 ** 32 - 1 });
  let metric: string | null = null;
  if (o.metric !== undefined) {
    if (typeof o.metric !== 'string' || !(SWEEP_METRICS as readonly string[]).includes(o.metric))
      fail('sweep.metric', `must be one of ${SWEEP_METRICS.join(', ')}, got ${showValue(o.metric)}`);
    metric = o.metric;
  }
  const spec: SweepSpec = { method, axes: axisList, budget, seed, metric };
  if (o.seeds !== undefined) spec.seeds = seedList(o.seeds, 'sweep.seeds');
  const size = gridSize(axisList);
  if (budget === null && size !== null && size > MAX_SWEEP_RUNS)
    throw new LossLabError(
      `sweep.grid has ${size} combinations, more than ${MAX_SWEEP_RUNS}; list fewer values or set a budget`,
      { field: 'sweep.grid' },
    );
  return spec;
}
