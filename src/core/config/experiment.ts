/**
 * Experiment files (`*.losslab.json`, comments allowed): shared data/model/training settings, a list of
 * named runs that each override what they change, and optionally a sweep.
 *
 *   { "name": "outliers", "data": {"path": "housing.csv"}, "training": {"epochs": 30},
 *     "runs": [{"name": "mse", "loss": "mse"}, {"name": "huber", "loss": {"name": "huber", "delta": 1}}] }
 */
import * as path from 'node:path';
import { type ParseError, createScanner, parse, printParseErrorCode } from 'jsonc-parser';
import { LossLabError, closest, quote, quoteList, showPath } from '../errors';
import { parseSweep } from '../sweep/parse';
import type { SweepSpec } from '../sweep/types';
import { defaultConfig } from './defaults';
import { type Json, object, onlyKeys, string } from './fields';
import { resolveRunConfig } from './resolve';
import type { RunConfig } from './types';

export interface Experiment {
  name: string;
  file: string;
  runs: RunConfig[];
  /** The shared settings: what a run without changes trains, and what a sweep varies around. */
  base: RunConfig;
  /** The sweep block, checked; its points are resolved over `base` by `expandSweep`. */
  sweep: SweepSpec | null;
}

const SHARED_KEYS = ['data', 'model', 'loss', 'optimizer', 'schedule', 'training', 'pretrain', 'seeds'];

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

/** Deepest nesting accepted; a real experiment file needs about six levels (runs[0].model.initial[0].weight[0]). */
export const MAX_DEPTH = 100;

// jsonc-parser's SyntaxKind values (a const enum, which a bundler cannot inline from the package's typings).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/**
 * Offset of the first `{` or `[` nested deeper than `MAX_DEPTH`, or -1. Checked with the scanner, which is
 * iterative, before the parser, which recurses and would overflow the stack on `[[[[…` a few thousand deep.
 */
function tooDeep(text: string): number {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let t = scanner.scan(); t !== EOF; t = scanner.scan()) {
    if (t === OPEN_BRACE || t === OPEN_BRACKET) {
      if (++depth > MAX_DEPTH) return scanner.getTokenOffset();
    } else if (t === CLOSE_BRACE || t === CLOSE_BRACKET) depth--;
  }
  return -1;
}

/** Parses JSON with comments; errors name the file, line and column. */
export function parseJsonc(text: string, file: string): unknown {
  const deep = tooDeep(text);
  if (deep >= 0) {
    const { line, column } = lineCol(text, deep);
    throw new LossLabError(
      `${showPath(file)}:${line}:${column}: nested more than ${MAX_DEPTH} levels deep; an experiment file needs only a few`,
      { file, line, column },
    );
  }
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const { line, column } = lineCol(text, errors[0].offset);
    throw new LossLabError(
      `${showPath(file)}:${line}:${column}: invalid JSON (${printParseErrorCode(errors[0].error)})`,
      { file, line, column },
    );
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
    throw new LossLabError(`${showPath(file)}: ${where}${e.message}`, { ...e.where, file, field });
  }
}

export function resolveExperiment(raw: unknown, file: string): Experiment {
  const o = inFile(file, '', () => object(raw, 'experiment'));
  inFile(file, '', () => onlyKeys(o, ['name', 'runs', 'sweep', ...SHARED_KEYS], ''));
  const name =
    o.name === undefined
      ? path.basename(file).replace(/\.losslab\.json$|\.json$/, '')
      : inFile(file, '', () => string(o.name, 'name'));
  const shared: Json = {};
  for (const k of SHARED_KEYS) if (o[k] !== undefined) shared[k] = o[k];
  // Data paths are relative to the experiment file.
  const dir = path.dirname(file);
  const base = inFile(file, '', () => resolveRunConfig({ name, ...shared }, { ...defaultConfig('-'), name }));
  if (base.data.path === '-')
    throw new LossLabError(`${showPath(file)}: data.path is required: the CSV file to train on`, {
      file,
      field: 'data.path',
    });
  base.data.path = path.resolve(dir, base.data.path);
  if (base.data.valPath !== undefined) base.data.valPath = path.resolve(dir, base.data.valPath);
  if (o.runs !== undefined && (!Array.isArray(o.runs) || o.runs.length === 0))
    throw new LossLabError(
      `${showPath(file)}: runs must be a non-empty list of runs (leave it out to train the shared settings once)`,
      { file, field: 'runs' },
    );
  const rawRuns = (o.runs as unknown[] | undefined) ?? [{ name }];
  const seen = new Set<string>();
  const runs = rawRuns.map((r, i) => {
    const run = inFile(file, '', () => object(r, `runs[${i}]`));
    return inFile(file, `runs[${i}].`, () => {
      const cfg = resolveRunConfig({ name: `run ${i + 1}`, ...run }, base);
      if (run.data && typeof run.data === 'object' && 'path' in run.data)
        cfg.data.path = path.resolve(dir, cfg.data.path);
      if (run.data && typeof run.data === 'object' && 'valPath' in run.data && cfg.data.valPath !== undefined)
        cfg.data.valPath = path.resolve(dir, cfg.data.valPath);
      if (seen.has(cfg.name))
        throw new LossLabError(`name ${quote(cfg.name)} is used by two runs; run names must be unique`, {
          field: 'name',
        });
      seen.add(cfg.name);
      return cfg;
    });
  });
  const sweep = o.sweep === undefined ? null : inFile(file, '', () => parseSweep(o.sweep));
  return { name, file, runs, base, sweep };
}

export function pickRun(exp: Experiment, name: string): RunConfig {
  const run = exp.runs.find((r) => r.name === name);
  if (run) return run;
  const names = exp.runs.map((r) => r.name);
  const near = closest(name, names);
  throw new LossLabError(
    `${showPath(exp.file)} has no run ${quote(name)}${near.length ? ` (did you mean ${quote(near[0])}?)` : ''}; runs: ${quoteList(names)}`,
    {
      file: exp.file,
    },
  );
}
