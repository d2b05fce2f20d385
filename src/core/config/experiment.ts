/**
 * Experiment files (`*.losslab.json`, comments allowed): shared data/model/training settings, a list of
 * named runs that each override what they change, and optionally a sweep.
 *
 *   { "name": "outliers", "data": {"path": "housing.csv"}, "training": {"epochs": 30},
 *     "runs": [{"name": "mse", "loss": "mse"}, {"name": "huber", "loss": {"name": "huber", "delta": 1}}] }
 */
import * as path from 'node:path';
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { LossLabError, closest } from '../errors';
import { defaultConfig } from './defaults';
import { type Json, object, onlyKeys, string } from './fields';
import { resolveRunConfig } from './resolve';
import type { RunConfig } from './types';

export interface Experiment {
  name: string;
  file: string;
  runs: RunConfig[];
  /** The raw sweep block, resolved by the sweep runner. */
  sweep: Json | null;
}

const SHARED_KEYS = ['data', 'model', 'loss', 'optimizer', 'schedule', 'training'];

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) !== 10) continue;
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

/** Parses JSON with comments; errors name the file, line and column. */
export function parseJsonc(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const { line, column } = lineCol(text, errors[0].offset);
    throw new LossLabError(`${file}:${line}:${column}: invalid JSON (${printParseErrorCode(errors[0].error)})`, { file, line, column });
  }
  return value;
}

/** Prefixes a config error with the run it came from and the file, keeping the field path. */
function inFile<T>(file: string, where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof LossLabError)) throw e;
    const field = e.where.field ? `${where}${e.where.field}` : where.replace(/\.$/, '');
    throw new LossLabError(`${file}: ${where}${e.message}`, { ...e.where, file, field });
  }
}

export function resolveExperiment(raw: unknown, file: string): Experiment {
  const o = object(raw, 'experiment');
  inFile(file, '', () => onlyKeys(o, ['name', 'runs', 'sweep', ...SHARED_KEYS], ''));
  const name = o.name === undefined ? path.basename(file).replace(/\.losslab\.json$|\.json$/, '') : inFile(file, '', () => string(o.name, 'name'));
  const shared: Json = {};
  for (const k of SHARED_KEYS) if (o[k] !== undefined) shared[k] = o[k];
  // Data paths are relative to the experiment file.
  const dir = path.dirname(file);
  const base = inFile(file, '', () => resolveRunConfig({ name, ...shared }, { ...defaultConfig('-'), name }));
  if (base.data.path === '-') throw new LossLabError(`${file}: data.path is required: the CSV file to train on`, { file, field: 'data.path' });
  base.data.path = path.resolve(dir, base.data.path);
  if (o.runs !== undefined && !Array.isArray(o.runs)) throw new LossLabError(`${file}: runs must be a list of runs`, { file, field: 'runs' });
  const rawRuns = (o.runs as unknown[] | undefined) ?? [{ name }];
  const seen = new Set<string>();
  const runs = rawRuns.map((r, i) =>
    inFile(file, `runs[${i}].`, () => {
      const run = object(r, 'run');
      const cfg = resolveRunConfig({ name: `run ${i + 1}`, ...run }, base);
      if (run.data && typeof run.data === 'object' && 'path' in run.data) cfg.data.path = path.resolve(dir, cfg.data.path);
      if (seen.has(cfg.name)) throw new LossLabError(`name '${cfg.name}' is used by two runs; run names must be unique`, { field: 'name' });
      seen.add(cfg.name);
      return cfg;
    }),
  );
  const sweep = o.sweep === undefined ? null : inFile(file, '', () => object(o.sweep, 'sweep'));
  return { name, file, runs, sweep };
}

export function pickRun(exp: Experiment, name: string): RunConfig {
  const run = exp.runs.find((r) => r.name === name);
  if (run) return run;
  const names = exp.runs.map((r) => r.name);
  const near = closest(name, names);
  throw new LossLabError(`${exp.file} has no run '${name}'${near.length ? ` (did you mean '${near[0]}'?)` : ''}; runs: ${names.join(', ')}`, {
    file: exp.file,
  });
}
