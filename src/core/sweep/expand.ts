/**
 * From a sweep and the settings it varies around to named runs: the grid's combinations (or a seeded
 * subset of them), or seeded random samples, each resolved as a run so that a bad value is reported by
 * its field like any config error.
 */
import { resolveRunConfig } from '../config/resolve';
import type { Json } from '../config/fields';
import type { RunConfig } from '../config/types';
import { LossLabError, quote } from '../errors';
import { Rng } from '../rng';
import { seedRuns } from '../seeds/repeat';
import { gridSize } from './parse';
import type { Distribution, SweepAxis, SweepRun, SweepSpec } from './types';

/** `k` distinct integers in [0, n), ascending (Floyd's algorithm: no array of size n, so huge grids are fine). */
function sampleIndices(n: number, k: number, rng: Rng): number[] {
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** The values of grid combination `index`, the first axis varying slowest (as itertools.product). */
function gridPoint(axes: readonly SweepAxis[], index: number): unknown[] {
  const values = new Array<unknown>(axes.length);
  for (let j = axes.length - 1; j >= 0; j--) {
    const list = (axes[j].dist as { values: unknown[] }).values;
    values[j] = list[index % list.length];
    index = Math.floor(index / list.length);
  }
  return values;
}

function draw(d: Distribution, rng: Rng): unknown {
  switch (d.kind) {
    case 'choice':
      return d.values[rng.int(d.values.length)];
    case 'uniform':
      return d.low + (d.high - d.low) * rng.uniform();
    case 'logUniform':
      return Math.exp(Math.log(d.low) + (Math.log(d.high) - Math.log(d.low)) * rng.uniform());
    case 'int':
      return d.low + rng.int(d.high - d.low + 1);
  }
}

/** The values of every run, in order. */
export function sweepPoints(spec: SweepSpec): unknown[][] {
  const rng = new Rng(spec.seed);
  const size = gridSize(spec.axes);
  if (size !== null) {
    const all = spec.budget === null || spec.budget >= size;
    const indices = all ? Array.from({ length: size }, (_, i) => i) : sampleIndices(size, spec.budget!, rng);
    return indices.map((i) => gridPoint(spec.axes, i));
  }
  return Array.from({ length: spec.budget ?? 0 }, () => spec.axes.map((a) => draw(a.dist, rng)));
}

/**
 * Writes `value` at a dotted path of the raw run config. A component given by id (`"loss": "huber"`)
 * becomes `{name: "huber"}` when one of its parameters is set below it; objects on the way are copied,
 * so the sweep's own values are never changed.
 */
function setPath(raw: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = raw;
  for (const k of keys.slice(0, -1)) {
    const v = cur[k];
    cur[k] =
      typeof v === 'string' ? { name: v } : typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v } : {};
    cur = cur[k] as Json;
  }
  cur[keys[keys.length - 1]] = value;
}

/** The raw config a point describes; shorter paths first, so `loss` is set before `loss.delta`. */
export function pointOverrides(axes: readonly SweepAxis[], values: readonly unknown[]): Json {
  const raw: Json = {};
  const depth = (j: number) => axes[j].path.split('.').length;
  const order = axes.map((_, j) => j).sort((a, b) => depth(a) - depth(b));
  for (const j of order) setPath(raw, axes[j].path, values[j]);
  return raw;
}

/** Short names for the axes: the last part of the path (`lr`), the whole path when two would clash. */
export function axisLabels(axes: readonly SweepAxis[]): string[] {
  const short = axes.map(({ path }) => {
    const parts = path.split('.');
    return parts.length === 2 && parts[1] === 'name' ? parts[0] : parts[parts.length - 1];
  });
  return short.map((s, i) => (short.indexOf(s) === short.lastIndexOf(s) ? s : axes[i].path));
}

export function showValue(v: unknown, sampled: boolean): string {
  if (typeof v === 'number') return sampled && !Number.isInteger(v) ? String(Number(v.toPrecision(3))) : String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Json).name === 'string') {
    const { name, ...params } = v as Json;
    const shown = Object.entries(params).map(([k, x]) => `${k}=${showValue(x, false)}`);
    return shown.length ? `${String(name)}(${shown.join(',')})` : String(name);
  }
  return JSON.stringify(v);
}

/** Each point as a named, resolved run over `base` (one run per seed when the point repeats over seeds). */
export function expandSweep(spec: SweepSpec, base: RunConfig): SweepRun[] {
  const labels = axisLabels(spec.axes);
  const sampled = gridSize(spec.axes) === null;
  return sweepPoints(spec).flatMap((values, i) => {
    const label = spec.axes.map((a, j) => `${labels[j]}=${showValue(values[j], a.dist.kind !== 'choice')}`).join(' ');
    const name = sampled ? `#${i + 1} ${label}` : label;
    let config: RunConfig;
    try {
      config = resolveRunConfig({ ...pointOverrides(spec.axes, values), name }, base);
      if (spec.seeds) config.seeds = [...spec.seeds];
    } catch (e) {
      if (e instanceof LossLabError) throw new LossLabError(`sweep run ${quote(name)}: ${e.message}`, e.where);
      throw e;
    }
    const point = Object.fromEntries(spec.axes.map((a, j) => [a.path, values[j]]));
    return seedRuns(config).map((run) => ({ name: run.name, config: run, point }));
  });
}
