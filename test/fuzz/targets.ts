/**
 * What the fuzzer feeds and to what. Each target turns a seeded `Rng` into one input and runs it through
 * a boundary of Loss Lab; the boundary may reject the input only with a `LossLabError`. Beyond "no other
 * exception", each target checks what its output promises (a table's columns all as long as its rows, a
 * dataset's features all finite). Adding a target (the formula parser, say) is one more entry in `TARGETS`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { COMMON_FLAGS, TRAIN_FLAGS, flagsToConfig, parseArgs } from '../../src/cli/args';
import { defaultConfig } from '../../src/core/config/defaults';
import { parseJsonc, resolveExperiment } from '../../src/core/config/experiment';
import { MONITORS, resolveRunConfig } from '../../src/core/config/resolve';
import type { RunConfig } from '../../src/core/config/types';
import { type CsvTable, describeColumns, parseCsv, parseCsvText, typeColumns } from '../../src/core/csv';
import { type DataOptions, type Dataset, buildDataset } from '../../src/core/dataset';
import { isLossLabError } from '../../src/core/errors';
import { LOSSES } from '../../src/core/losses';
import { ACTIVATION_IDS } from '../../src/core/model/activations';
import { INIT_IDS } from '../../src/core/model/init';
import { OPTIMIZERS } from '../../src/core/optimizers';
import type { ParamSpec } from '../../src/core/params';
import type { Rng } from '../../src/core/rng';
import { SCHEDULES } from '../../src/core/schedules';
import { TASKS } from '../../src/core/tasks';
import { buildEngine, finalizeLoss } from '../../src/core/trainer/setup';
import { fixturePath } from '../core/fixtures';
import { AWKWARD_TEXT, NUMBER_TEXT, chance, count, fromUtf8, mutateBytes, number, pick, randomBytes, text, utf8 } from './generate';

/** One input, ready to run; `show` prints it for a report. */
export interface FuzzCase {
  run(): void;
  show(): string;
}

export interface FuzzTarget {
  name: string;
  make(rng: Rng): FuzzCase;
}

/** Our own invariant broken: reported like a crash. */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`invariant: ${what}`);
}

const showBytes = (b: Uint8Array): string => JSON.stringify(Buffer.from(b).toString('latin1'));

// ---------------------------------------------------------------- seeds

function filesIn(dir: string, ext: string): Uint8Array[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(ext))
      .sort()
      .map((f) => readFileSync(join(dir, f)));
  } catch {
    return [];
  }
}

/** The csv-spectrum cases, the bad fixtures, and the head of each sample dataset. */
function csvSeeds(): Uint8Array[] {
  const spectrum = join(dirname(require.resolve('csv-spectrum/package.json')), 'csvs');
  const heads = filesIn(fixturePath('', join('test', 'data')), '.csv').map((b) => utf8(fromUtf8(b).split('\n').slice(0, 12).join('\n')));
  return [...filesIn(spectrum, '.csv'), ...filesIn(fixturePath('bad'), '.csv'), ...heads];
}

// ---------------------------------------------------------------- CSV

const DELIMS = [',', ';', '\t', '|'];
const EOLS = ['\n', '\r\n', '\r'];
type CellKind = 'int' | 'float' | 'level' | 'text' | 'constant' | 'sparse' | 'edge' | 'id';

function cell(rng: Rng, kind: CellKind, row: number): string {
  switch (kind) {
    case 'int':
      return String(rng.int(5));
    case 'float':
      return String(number(rng));
    case 'level':
      return pick(rng, ['red', 'green', 'blue', 'a b', 'x,y']);
    case 'text':
      return text(rng);
    case 'constant':
      return '7';
    case 'sparse':
      return chance(rng, 0.7) ? pick(rng, ['', 'NA', 'nan', '?']) : String(rng.int(3));
    case 'edge':
      return chance(rng, 0.8) ? String(rng.normal()) : pick(rng, NUMBER_TEXT);
    case 'id':
      return `id${row}`;
  }
}

function quote(rng: Rng, s: string, delim: string): string {
  const needs = s.includes('"') || s.includes(delim) || s.includes('\n') || s.includes('\r') || s !== s.trim();
  if (needs ? chance(rng, 0.97) : chance(rng, 0.1)) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

/** A CSV much like a real one, with now and then a flaw a real one has. */
export function csvText(rng: Rng, maxRows = 40): string {
  const delim = pick(rng, DELIMS);
  const eol = pick(rng, EOLS);
  const ncol = 1 + count(rng, 12);
  const kinds: CellKind[] = Array.from({ length: ncol }, () => pick(rng, ['int', 'int', 'float', 'float', 'level', 'text', 'constant', 'sparse', 'edge', 'id'] as const));
  const header = kinds.map((_, j) => (chance(rng, 0.05) ? pick(rng, AWKWARD_TEXT) : `c${j}`));
  const lines = [header.map((h) => quote(rng, h, delim)).join(delim)];
  const rows = count(rng, maxRows);
  for (let r = 0; r < rows; r++) {
    let cells = kinds.map((k) => quote(rng, cell(rng, k, r), delim));
    if (chance(rng, 0.02)) cells = cells.slice(0, rng.int(cells.length + 1));
    if (chance(rng, 0.02)) cells.push('extra');
    if (chance(rng, 0.01)) cells[rng.int(cells.length)] = '"unterminated';
    lines.push(cells.join(delim));
    if (chance(rng, 0.02)) lines.push(pick(rng, ['', ' ', '\t']));
  }
  return (chance(rng, 0.05) ? '\uFEFF' : '') + lines.join(eol) + (chance(rng, 0.7) ? eol : '');
}

function csvBytes(rng: Rng, seeds: readonly Uint8Array[]): Uint8Array {
  const r = rng.uniform();
  if (r < 0.4) return utf8(csvText(rng));
  if (r < 0.9) return mutateBytes(rng, chance(rng, 0.5) ? pick(rng, seeds) : utf8(csvText(rng)), pick(rng, seeds));
  return randomBytes(rng, 300);
}

function checkTable(t: CsvTable): void {
  check(t.header.length === t.columns.length, 'one column per header name');
  check(new Set(t.header).size === t.header.length && t.header.every((h) => h !== '' && h === h.trim()), 'header names unique, trimmed, non-empty');
  check(t.rowCount > 0 && t.lines.length === t.rowCount, 'a line per row');
  for (const c of t.columns) check((c.kind === 'categorical' ? c.codes : c.values).length === t.rowCount, 'every column as long as the table');
  for (let r = 1; r < t.rowCount; r++) check(t.lines[r] > t.lines[r - 1], 'row lines increase');
}

/** The CSV reader as `losslab inspect` uses it: parse, then type and describe the columns. */
function csvTarget(): FuzzTarget {
  let seeds: Uint8Array[] | null = null;
  return {
    name: 'csv',
    make(rng) {
      seeds ??= csvSeeds();
      const bytes = csvBytes(rng, seeds);
      return {
        run() {
          const table = parseCsv(bytes, 'fuzz.csv');
          checkTable(table);
          const cols = typeColumns(table);
          check(cols.length === table.header.length, 'a typed column per header name');
          describeColumns(cols, table);
        },
        show: () => showBytes(bytes),
      };
    },
  };
}

function dataOptions(rng: Rng, header: readonly string[]): DataOptions {
  const o: DataOptions = {};
  const name = (): string => (chance(rng, 0.9) && header.length ? pick(rng, header) : text(rng));
  if (chance(rng, 0.4)) o.target = chance(rng, 0.8) ? name() : Array.from({ length: 1 + count(rng, 4) }, name);
  if (chance(rng, 0.2)) o.features = Array.from({ length: count(rng, 5) }, name);
  if (chance(rng, 0.3)) o.task = pick(rng, TASKS);
  if (chance(rng, 0.3)) o.missing = pick(rng, ['drop', 'mean', 'mode'] as const);
  if (chance(rng, 0.3)) o.valSplit = pick(rng, [0, 0.2, 0.5, 0.99, rng.uniform()]);
  if (chance(rng, 0.2)) o.seed = rng.int(1000);
  if (chance(rng, 0.2)) o.standardizeTarget = chance(rng, 0.5);
  return o;
}

function checkDataset(d: Dataset): void {
  check(d.x.length === d.n * d.d && d.featureNames.length === d.d, 'x is n × d');
  check(d.y.length === d.n * d.targetWidth, 'y is n × width');
  check(d.train.length + d.val.length === d.n && d.train.length > 0, 'train and validation rows split the kept rows');
  for (let k = 0; k < d.x.length; k++) check(Number.isFinite(d.x[k]), 'features finite');
  for (let k = 0; k < d.y.length; k++) check(Number.isFinite(d.y[k]), 'targets finite');
  if (d.classes) for (let i = 0; i < d.n; i++) check(d.y[i] >= 0 && d.y[i] < d.classes.length && Number.isInteger(d.y[i]), 'class indices');
}

/** From a parsed table to training arrays, with random data options. */
function datasetTarget(): FuzzTarget {
  let seeds: Uint8Array[] | null = null;
  return {
    name: 'dataset',
    make(rng) {
      seeds ??= csvSeeds();
      const text = chance(rng, 0.8) ? csvText(rng, 80) : fromUtf8(mutateBytes(rng, pick(rng, seeds), utf8(csvText(rng))));
      const optsRng = rng;
      let opts: DataOptions | null = null;
      return {
        run() {
          const table = parseCsvText(text, 'fuzz.csv');
          opts = dataOptions(optsRng, table.header);
          checkDataset(buildDataset(table, opts));
        },
        show: () => `${JSON.stringify(text)} with ${JSON.stringify(opts)}`,
      };
    },
  };
}

// ---------------------------------------------------------------- configs

/** A value for a hyperparameter: usually near its spec (in range, at a bound, just outside), sometimes any. */
function paramValue(rng: Rng, s: ParamSpec): unknown {
  if (chance(rng, 0.1)) return anyJson(rng, 2);
  switch (s.type) {
    case 'boolean':
      return chance(rng, 0.5);
    case 'string':
      return s.choices && chance(rng, 0.8) ? pick(rng, s.choices) : text(rng);
    case 'numbers':
      return Array.from({ length: s.length ?? count(rng, 6) }, () => boundNumber(rng, s));
    default:
      return boundNumber(rng, s);
  }
}

function boundNumber(rng: Rng, s: ParamSpec): number {
  const r = rng.uniform();
  if (r < 0.25 && s.min !== undefined) return s.min + pick(rng, [0, 1e-12, -1e-12, 1]);
  if (r < 0.5 && s.max !== undefined) return s.max + pick(rng, [0, 1e-12, -1e-12, -1]);
  if (r < 0.6 && s.type === 'integer') return rng.int(10);
  const n = number(rng);
  return s.type === 'integer' && chance(rng, 0.7) ? Math.round(n) : n;
}

function anyJson(rng: Rng, depth: number): unknown {
  const r = rng.int(depth > 0 ? 7 : 5);
  switch (r) {
    case 0:
      return null;
    case 1:
      return chance(rng, 0.5);
    case 2:
      return number(rng);
    case 3:
    case 4:
      return text(rng);
    case 5:
      return Array.from({ length: count(rng, 5) }, () => anyJson(rng, depth - 1));
    default:
      return Object.fromEntries(Array.from({ length: count(rng, 4) }, () => [text(rng), anyJson(rng, depth - 1)]));
  }
}

/** A loss, optimizer or schedule: an id (valid, near-valid or junk) and some of its parameters. */
function component(rng: Rng, specs: readonly { id: string; params: readonly ParamSpec[] }[]): unknown {
  const spec = pick(rng, specs);
  const name = chance(rng, 0.9) ? spec.id : chance(rng, 0.5) ? spec.id.slice(1) : text(rng);
  if (chance(rng, 0.2)) return name;
  const o: Record<string, unknown> = chance(rng, 0.95) ? { name } : {};
  for (const p of spec.params) if (chance(rng, 0.3)) o[p.name] = paramValue(rng, p);
  if (chance(rng, 0.05)) o[text(rng)] = anyJson(rng, 1);
  return o;
}

function maybe(rng: Rng, p: number, o: Record<string, unknown>, key: string, value: () => unknown): void {
  if (chance(rng, p)) o[key] = value();
}

/** The settings a run can override, each present now and then, with values near and far from valid. */
function runSettings(rng: Rng): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  maybe(rng, 0.3, o, 'data', () => {
    const d: Record<string, unknown> = {};
    maybe(rng, 0.5, d, 'path', () => pick(rng, ['data.csv', '', 'sub/x.csv', 5]));
    maybe(rng, 0.3, d, 'target', () => (chance(rng, 0.7) ? pick(rng, ['y', 'label', '']) : ['a', 'b']));
    maybe(rng, 0.2, d, 'features', () => (chance(rng, 0.8) ? ['a', 'b'] : anyJson(rng, 1)));
    maybe(rng, 0.3, d, 'task', () => (chance(rng, 0.8) ? pick(rng, TASKS) : text(rng)));
    maybe(rng, 0.2, d, 'missing', () => pick(rng, ['drop', 'mean', 'mode', 'median']));
    maybe(rng, 0.3, d, 'valSplit', () => pick(rng, [0, 0.2, 1, -0.1, 0.999, number(rng)]));
    maybe(rng, 0.1, d, 'standardizeTarget', () => anyJson(rng, 0));
    return d;
  });
  maybe(rng, 0.3, o, 'model', () => {
    const m: Record<string, unknown> = {};
    maybe(rng, 0.5, m, 'hidden', () => (chance(rng, 0.9) ? Array.from({ length: count(rng, 4) }, () => pick(rng, [1, 2, 8, 0, -1, 1.5, 100000, 5000])) : anyJson(rng, 1)));
    maybe(rng, 0.3, m, 'activation', () => (chance(rng, 0.8) ? pick(rng, ACTIVATION_IDS) : text(rng)));
    maybe(rng, 0.3, m, 'init', () => (chance(rng, 0.8) ? pick(rng, INIT_IDS) : text(rng)));
    maybe(rng, 0.2, m, 'embeddingSize', () => pick(rng, [1, 2, 8, 0, 4096, 4097, 2.5]));
    maybe(rng, 0.1, m, 'initial', () =>
      Array.from({ length: count(rng, 3) }, () => ({
        weight: Array.from({ length: count(rng, 3) }, () => Array.from({ length: count(rng, 4) }, () => number(rng))),
        bias: Array.from({ length: count(rng, 3) }, () => number(rng)),
      })),
    );
    return m;
  });
  maybe(rng, 0.6, o, 'loss', () => component(rng, LOSSES));
  maybe(rng, 0.6, o, 'optimizer', () => component(rng, OPTIMIZERS));
  maybe(rng, 0.5, o, 'schedule', () => component(rng, SCHEDULES));
  maybe(rng, 0.4, o, 'training', () => {
    const t: Record<string, unknown> = {};
    maybe(rng, 0.3, t, 'epochs', () => pick(rng, [1, 5, 0, -1, 1e6, 1e6 + 1, 2.5, '10']));
    maybe(rng, 0.3, t, 'batchSize', () => pick(rng, [1, 32, 'full', 0, 'all', 1e9]));
    maybe(rng, 0.2, t, 'shuffle', () => anyJson(rng, 0));
    maybe(rng, 0.2, t, 'seed', () => pick(rng, [0, 42, -1, 2 ** 32 - 1, 2 ** 32, 0.5]));
    for (const k of ['clipNorm', 'clipValue', 'l1', 'l2']) maybe(rng, 0.1, t, k, () => pick(rng, [null, 0, 1, -1, 1e-300, number(rng)]));
    maybe(rng, 0.2, t, 'accumulate', () => pick(rng, [1, 4, 0, 1.5]));
    maybe(rng, 0.2, t, 'earlyStopping', () =>
      pick(rng, [
        null,
        false,
        3,
        0,
        { patience: pick(rng, [1, 5, 0]), monitor: chance(rng, 0.8) ? pick(rng, MONITORS) : text(rng), minDelta: pick(rng, [0, 0.1, -1]), restoreBest: anyJson(rng, 0) },
      ]),
    );
    return t;
  });
  maybe(rng, 0.05, o, text(rng), () => anyJson(rng, 2));
  return o;
}

function experimentText(rng: Rng): string {
  const o: Record<string, unknown> = { ...runSettings(rng), data: { path: 'data.csv', ...((runSettings(rng).data as object | undefined) ?? {}) } };
  maybe(rng, 0.3, o, 'name', () => (chance(rng, 0.8) ? 'exp' : anyJson(rng, 1)));
  maybe(rng, 0.7, o, 'runs', () =>
    chance(rng, 0.95) ? Array.from({ length: count(rng, 5) }, () => ({ name: chance(rng, 0.8) ? `r${rng.int(4)}` : anyJson(rng, 0), ...runSettings(rng) })) : anyJson(rng, 2),
  );
  maybe(rng, 0.05, o, 'sweep', () => anyJson(rng, 2));
  let s = JSON.stringify(o, null, chance(rng, 0.5) ? 2 : undefined);
  // What people write in JSONC: comments and trailing commas.
  if (chance(rng, 0.3)) s = `// experiment\n${s}`;
  if (chance(rng, 0.2)) s = s.replace(/\n(\s*)\}/g, ',\n$1}');
  return s;
}

/** A small dataset of each task, to finish a config against as training would. */
let taskData: Map<string, Dataset> | null = null;
function datasets(): Map<string, Dataset> {
  if (taskData) return taskData;
  const rows = (f: (i: number) => string) => Array.from({ length: 12 }, (_, i) => f(i)).join('\n');
  const make = (text: string, o: DataOptions) => buildDataset(parseCsvText(text, 'data.csv'), { valSplit: 0.25, ...o });
  taskData = new Map<string, Dataset>([
    ['regression', make(`a,b,y\n${rows((i) => `${i},${(i * 7) % 5},${i * 0.5 + ((i * 3) % 4)}`)}`, {})],
    ['binary', make(`a,b,y\n${rows((i) => `${i},${(i * 7) % 5},${i % 2 ? 'yes' : 'no'}`)}`, {})],
    ['multiclass', make(`a,b,y\n${rows((i) => `${i},${(i * 7) % 5},${['r', 'g', 'b'][i % 3]}`)}`, {})],
    ['distribution', make(`a,b,p,q\n${rows((i) => `${i},${(i * 7) % 5},${(i % 4) / 4},${1 - (i % 4) / 4}`)}`, { target: ['p', 'q'] })],
    ['embedding', make(`a,b,y\n${rows((i) => `${i},${(i * 7) % 5},${i % 3}`)}`, { task: 'embedding' })],
  ]);
  return taskData;
}

/** What happens to a resolved run before its first step: the loss fitted to the task, then model, optimizer, schedule. */
function prepare(cfg: RunConfig, rng: Rng): void {
  const data = datasets().get(cfg.data.task ?? pick(rng, TASKS)) as Dataset;
  const full = finalizeLoss(cfg, data);
  const steps = Math.ceil(data.train.length / (full.training.batchSize === 'full' ? data.train.length : full.training.batchSize));
  buildEngine(full, data, { stepsPerEpoch: steps, totalSteps: steps * full.training.epochs });
}

function configSeeds(): string[] {
  return filesIn(fixturePath('bad'), '.json').map(fromUtf8);
}

/** Experiment files: JSONC text through `parseJsonc` and `resolveExperiment`, then each run made ready to train. */
function configTarget(): FuzzTarget {
  let seeds: string[] | null = null;
  return {
    name: 'config',
    make(rng) {
      seeds ??= configSeeds();
      const r = rng.uniform();
      const source = r < 0.5 ? experimentText(rng) : r < 0.95 ? fromUtf8(mutateBytes(rng, utf8(chance(rng, 0.3) ? pick(rng, seeds) : experimentText(rng)), utf8(experimentText(rng)))) : fromUtf8(randomBytes(rng, 200));
      return {
        run() {
          const raw = parseJsonc(source, 'fuzz.losslab.json');
          // The same object as a single run's config (what the extension's quick pick and the CLI flags produce).
          try {
            prepare(resolveRunConfig(raw, defaultConfig('data.csv')), rng);
          } catch (e) {
            if (!isLossLabError(e)) throw e;
          }
          for (const cfg of resolveExperiment(raw, '/work/fuzz.losslab.json').runs) prepare(cfg, rng);
        },
        show: () => JSON.stringify(source),
      };
    },
  };
}

// ---------------------------------------------------------------- CLI flags

function flagValue(rng: Rng, kind: string): string {
  switch (kind) {
    case 'number':
    case 'int':
      return chance(rng, 0.7) ? String(number(rng)) : pick(rng, NUMBER_TEXT);
    case 'ints':
      return Array.from({ length: count(rng, 4) }, () => pick(rng, ['8', '0', '-1', '1.5', '', 'x', '100000'])).join(',');
    case 'batch':
      return pick(rng, ['full', '1', '32', '0', '-3', 'x', '1e3']);
    case 'kv': {
      const spec = pick(rng, [...LOSSES, ...OPTIMIZERS, ...SCHEDULES]);
      const p = spec.params.length && chance(rng, 0.8) ? pick(rng, spec.params).name : text(rng);
      return `${p}${chance(rng, 0.95) ? '=' : ''}${chance(rng, 0.5) ? String(number(rng)) : pick(rng, ['0.9,0.99', '[1,2]', 'true', 'none', '', 'x', ',', '1,,2'])}`;
    }
    default:
      return chance(rng, 0.7) ? pick(rng, [...LOSSES.map((l) => l.id), ...OPTIMIZERS.map((o) => o.id), ...SCHEDULES.map((s) => s.id), ...TASKS, ...ACTIVATION_IDS]) : text(rng);
  }
}

/** `losslab train` flags through the flag table into a resolved config (no file is read). */
function flagsTarget(): FuzzTarget {
  const specs = [...TRAIN_FLAGS, ...COMMON_FLAGS.filter((f) => f.flag !== '--config')];
  return {
    name: 'flags',
    make(rng) {
      const argv: string[] = [];
      const n = count(rng, 10);
      for (let i = 0; i < n; i++) {
        if (chance(rng, 0.05)) {
          argv.push(chance(rng, 0.5) ? text(rng) : `--${text(rng)}`);
          continue;
        }
        const f = pick(rng, specs);
        if (f.kind === 'bool') argv.push(f.flag);
        else if (chance(rng, 0.2)) argv.push(`${f.flag}=${flagValue(rng, f.kind)}`);
        else argv.push(f.flag, ...(chance(rng, 0.97) ? [flagValue(rng, f.kind)] : []));
      }
      return {
        run() {
          const raw = flagsToConfig(parseArgs(argv, specs));
          prepare(resolveRunConfig(raw, defaultConfig('data.csv')), rng);
        },
        show: () => JSON.stringify(argv),
      };
    },
  };
}

/**
 * Every fuzz target. The formula parser of custom losses joins as
 * `{ name: 'formula', make: (rng) => ({ run: () => parseFormula(text), show: () => JSON.stringify(text) }) }`.
 */
export const TARGETS: readonly FuzzTarget[] = [csvTarget(), datasetTarget(), configTarget(), flagsTarget()];
