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
import { resolveRunConfig } from '../../src/core/config/resolve';
import type { RunConfig } from '../../src/core/config/types';
import { type CsvTable, describeColumns, parseCsv, parseCsvText, typeColumns } from '../../src/core/csv';
import { type DataOptions, type Dataset, buildDataset } from '../../src/core/dataset';
import { isLossLabError } from '../../src/core/errors';
import { MONITORS } from '../../src/core/metricNames';
import { compileFormula, formulaLoss, normalizedText } from '../../src/core/formula';
import { FUNCTIONS } from '../../src/core/formula/functions';
import { LOSSES } from '../../src/core/losses';
import { ACTIVATION_IDS } from '../../src/core/model/activations';
import { INIT_IDS } from '../../src/core/model/init';
import { OPTIMIZERS, createOptimizer } from '../../src/core/optimizers';
import type { ParamSpec } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { SCHEDULES, createSchedule } from '../../src/core/schedules';
import { TASKS } from '../../src/core/tasks';
import { buildNetworks } from '../../src/core/trainer/generativePlan';
import { type RunPlan, buildEngine, planRun } from '../../src/core/trainer/setup';
import { modelWeights } from '../../src/core/model/limits';
import { fixturePath } from '../core/fixtures';
import { holds } from './cells';
import {
  AWKWARD_TEXT,
  NUMBER_TEXT,
  chance,
  count,
  fromUtf8,
  mutateBytes,
  number,
  pick,
  randomBytes,
  text,
  utf8,
} from './generate';

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
  const heads = filesIn(fixturePath('', join('test', 'data')), '.csv').map((b) =>
    utf8(fromUtf8(b).split('\n').slice(0, 12).join('\n')),
  );
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

const needsQuotes = (s: string, delim: string): boolean =>
  s.includes('"') || s.includes(delim) || s.includes('\n') || s.includes('\r') || s !== s.trim();

function quote(rng: Rng, s: string, delim: string): string {
  if (needsQuotes(s, delim) ? chance(rng, 0.97) : chance(rng, 0.1)) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

/** A generated CSV, its delimiter, and, when it has no flaw, the header and cells it was written from. */
interface CsvSample {
  text: string;
  delimiter: string;
  expected: { header: string[]; rows: string[][] } | null;
}

/** A CSV much like a real one, with now and then (`flaws`: the chance per row) a flaw a real one has. */
function csvSample(rng: Rng, maxRows = 40, flaws = 0.02, minRows = 0): CsvSample {
  const delim = pick(rng, DELIMS);
  const eol = pick(rng, EOLS);
  const ncol = (flaws > 0.01 ? 1 : 2) + count(rng, 12);
  const kinds: CellKind[] = Array.from({ length: ncol }, () =>
    pick(rng, ['int', 'int', 'float', 'float', 'level', 'text', 'constant', 'sparse', 'edge', 'id'] as const),
  );
  const header = kinds.map((_, j) => (chance(rng, 0.05) ? pick(rng, AWKWARD_TEXT) : `c${j}`));
  let flawed = false;
  // A value that needed quotes and went without them, or (one column) a row that reads as a blank line.
  const written = (raw: string, out: string): string => {
    if ((needsQuotes(raw, delim) && out === raw) || (ncol === 1 && out.trim() === '')) flawed = true;
    return out;
  };
  const lines = [header.map((h) => written(h, quote(rng, h, delim))).join(delim)];
  const grid: string[][] = [];
  const rows = minRows + count(rng, maxRows);
  for (let r = 0; r < rows; r++) {
    const raw: string[] = [];
    let cells = kinds.map((k) => {
      const c = cell(rng, k, r);
      raw.push(c);
      return written(c, quote(rng, c, delim));
    });
    grid.push(raw);
    if (chance(rng, flaws)) {
      cells = cells.slice(0, rng.int(cells.length + 1));
      flawed = true;
    }
    if (chance(rng, flaws)) {
      cells.push('extra');
      flawed = true;
    }
    if (chance(rng, flaws / 2)) {
      cells[rng.int(cells.length)] = '"unterminated';
      flawed = true;
    }
    lines.push(cells.join(delim));
    // A blank line (in a tab-separated file a tab is a row of empty values, not a blank).
    if (chance(rng, 0.02)) lines.push(pick(rng, delim === '\t' ? ['', ' '] : ['', ' ', '\t']));
  }
  const text = (chance(rng, 0.05) ? '\uFEFF' : '') + lines.join(eol) + (chance(rng, 0.7) ? eol : '');
  return { text, delimiter: delim, expected: flawed ? null : { header, rows: grid } };
}

export const csvText = (rng: Rng, maxRows = 40, flaws = 0.02, minRows = 0): string =>
  csvSample(rng, maxRows, flaws, minRows).text;

function csvBytes(rng: Rng, seeds: readonly Uint8Array[]): { bytes: Uint8Array; sample: CsvSample | null } {
  const r = rng.uniform();
  if (r < 0.4) {
    const sample = csvSample(rng);
    return { bytes: utf8(sample.text), sample };
  }
  if (r < 0.9)
    return {
      bytes: mutateBytes(rng, chance(rng, 0.5) ? pick(rng, seeds) : utf8(csvText(rng)), pick(rng, seeds)),
      sample: null,
    };
  return { bytes: randomBytes(rng, 300), sample: null };
}

/** A table read from a flawless sample holds the sample's cells (when the sniffed delimiter is the one written). */
function checkCells(t: CsvTable, sample: CsvSample): void {
  if (!sample.expected || t.delimiter !== sample.delimiter) return;
  // As the file's bytes say them: a lone surrogate was written as U+FFFD.
  const { header, rows } = sample.expected;
  const asWritten = (s: string) => fromUtf8(utf8(s));
  check(t.header.join('\u0000') === header.map((h) => asWritten(h).trim()).join('\u0000'), 'header as written');
  check(t.rowCount === rows.length, `${rows.length} rows as written, read ${t.rowCount}`);
  rows.forEach((row, r) =>
    row.forEach((c, j) =>
      check(holds(t.columns[j], r, asWritten(c)), `row ${r + 1}, column ${j + 1} holds ${JSON.stringify(c)}`),
    ),
  );
}

function checkTable(t: CsvTable): void {
  check(t.header.length === t.columns.length, 'one column per header name');
  check(
    new Set(t.header).size === t.header.length && t.header.every((h) => h !== '' && h === h.trim()),
    'header names unique, trimmed, non-empty',
  );
  check(t.rowCount > 0 && t.lines.length === t.rowCount, 'a line per row');
  for (const c of t.columns)
    check((c.kind === 'categorical' ? c.codes : c.values).length === t.rowCount, 'every column as long as the table');
  for (let r = 1; r < t.rowCount; r++) check(t.lines[r] > t.lines[r - 1], 'row lines increase');
}

/** The CSV reader as `losslab inspect` uses it: parse, then type and describe the columns. */
function csvTarget(): FuzzTarget {
  let seeds: Uint8Array[] | null = null;
  return {
    name: 'csv',
    make(rng) {
      seeds ??= csvSeeds();
      const { bytes, sample } = csvBytes(rng, seeds);
      return {
        run() {
          const table = parseCsv(bytes, 'fuzz.csv');
          checkTable(table);
          if (sample) checkCells(table, sample);
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
  if (chance(rng, 0.2)) o.features = Array.from({ length: (chance(rng, 0.95) ? 1 : 0) + count(rng, 5) }, name);
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
  if (d.classes)
    for (let i = 0; i < d.n; i++)
      check(d.y[i] >= 0 && d.y[i] < d.classes.length && Number.isInteger(d.y[i]), 'class indices');
}

/** From a parsed table to training arrays, with random data options. */
function datasetTarget(): FuzzTarget {
  let seeds: Uint8Array[] | null = null;
  return {
    name: 'dataset',
    make(rng) {
      seeds ??= csvSeeds();
      const text = chance(rng, 0.8)
        ? csvText(rng, 80, pick(rng, [0, 0.001, 0.01]), 2)
        : fromUtf8(mutateBytes(rng, pick(rng, seeds), utf8(csvText(rng))));
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

/** A generator with its input's rate of mistakes: 0 writes valid configs only, 0.3 mostly broken ones. */
interface Gen {
  rng: Rng;
  bad: number;
}

/** `good()`, or with the rate of mistakes `wrong()`. */
const either = <T, U>(g: Gen, good: () => T, wrong: () => U): T | U => (chance(g.rng, g.bad) ? wrong() : good());

/** A value for a hyperparameter: in range or at a bound, and now and then just outside or of any type. */
function paramValue(g: Gen, s: ParamSpec): unknown {
  const { rng } = g;
  return either(
    g,
    () => {
      switch (s.type) {
        case 'boolean':
          return chance(rng, 0.5);
        case 'string':
          return s.choices ? pick(rng, s.choices) : 'x';
        case 'numbers':
          return Array.from({ length: s.length ?? 1 + count(rng, 6) }, () => inRange(rng, s));
        default:
          return inRange(rng, s);
      }
    },
    () =>
      chance(rng, 0.3)
        ? anyJson(rng, 2)
        : s.type === 'numbers'
          ? Array.from({ length: count(rng, 6) }, () => outOfRange(rng, s))
          : outOfRange(rng, s),
  );
}

function inRange(rng: Rng, s: ParamSpec): number {
  const lo = s.min ?? -10;
  const hi = s.max ?? (s.min !== undefined ? s.min + 10 : 10);
  const r = rng.uniform();
  let v =
    r < 0.2 && !s.minExclusive
      ? lo
      : r < 0.4 && !s.maxExclusive && s.max !== undefined
        ? hi
        : lo + (hi - lo) * rng.uniform();
  if (s.type === 'integer') v = Math.min(Math.ceil(v + (s.minExclusive ? 1e-9 : 0)), hi);
  return v === lo && s.minExclusive ? lo + (hi - lo) / 2 : v;
}

function outOfRange(rng: Rng, s: ParamSpec): number {
  const r = rng.uniform();
  if (r < 0.3 && s.min !== undefined) return s.min - pick(rng, [1e-12, 1, 1e300]);
  if (r < 0.6 && s.max !== undefined) return s.max + pick(rng, [1e-12, 1, 1e300]);
  if (r < 0.7 && s.type === 'integer') return rng.int(10) + 0.5;
  return number(rng);
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
function component(g: Gen, specs: readonly { id: string; params: readonly ParamSpec[] }[]): unknown {
  const { rng } = g;
  const spec = pick(rng, specs);
  const name = either(
    g,
    () => spec.id,
    () => (chance(rng, 0.5) ? spec.id.slice(1) : text(rng)),
  );
  if (chance(rng, 0.2)) return name;
  const o: Record<string, unknown> = either(
    g,
    () => ({ name }),
    () => ({}),
  );
  for (const p of spec.params) if (chance(rng, 0.3)) o[p.name] = paramValue(g, p);
  if (chance(rng, g.bad / 4)) o[text(rng)] = anyJson(rng, 1);
  return o;
}

function maybe(rng: Rng, p: number, o: Record<string, unknown>, key: string, value: () => unknown): void {
  if (chance(rng, p)) o[key] = value();
}

/** Text for a field that wants one of `valid`. */
const choice = (g: Gen, valid: readonly string[]): unknown =>
  either(
    g,
    () => pick(g.rng, valid),
    () => (chance(g.rng, 0.5) ? text(g.rng) : anyJson(g.rng, 1)),
  );

/** The settings a run can override, each present now and then. */
function runSettings(g: Gen): Record<string, unknown> {
  const { rng } = g;
  const wrong = () => anyJson(rng, 1);
  const o: Record<string, unknown> = {};
  maybe(rng, 0.3, o, 'data', () => {
    const d: Record<string, unknown> = {};
    maybe(rng, 0.3, d, 'path', () =>
      either(
        g,
        () => pick(rng, ['data.csv', 'sub/x.csv']),
        () => pick(rng, ['', 5, null]),
      ),
    );
    maybe(rng, 0.3, d, 'target', () =>
      either(
        g,
        () => (chance(rng, 0.8) ? pick(rng, ['y', 'label']) : ['p', 'q']),
        () => pick(rng, ['', [], [1]]),
      ),
    );
    maybe(rng, 0.2, d, 'features', () => either(g, () => ['a', 'b'], wrong));
    maybe(rng, 0.3, d, 'task', () => choice(g, TASKS));
    maybe(rng, 0.2, d, 'missing', () => choice(g, ['drop', 'mean', 'mode']));
    maybe(rng, 0.3, d, 'valSplit', () =>
      either(
        g,
        () => pick(rng, [0, 0.2, 0.999]),
        () => pick(rng, [1, -0.1, number(rng)]),
      ),
    );
    maybe(rng, 0.1, d, 'standardizeTarget', () => either(g, () => chance(rng, 0.5), wrong));
    return d;
  });
  maybe(rng, 0.3, o, 'model', () => {
    const m: Record<string, unknown> = {};
    const size = () =>
      either(
        g,
        () => pick(rng, [1, 2, 8, 64, 4096]),
        () => pick(rng, [0, -1, 1.5, 100000, 100001, 5000]),
      );
    maybe(rng, 0.5, m, 'hidden', () => either(g, () => Array.from({ length: count(rng, 4) }, size), wrong));
    maybe(rng, 0.3, m, 'activation', () => choice(g, ACTIVATION_IDS));
    maybe(rng, 0.3, m, 'init', () => choice(g, INIT_IDS));
    maybe(rng, 0.2, m, 'embeddingSize', () =>
      either(
        g,
        () => pick(rng, [1, 2, 8, 4096]),
        () => pick(rng, [0, 4097, 2.5]),
      ),
    );
    maybe(rng, 0.1, m, 'initial', () =>
      Array.from({ length: count(rng, 3) }, () => ({
        weight: Array.from({ length: count(rng, 3) }, () => Array.from({ length: count(rng, 4) }, () => number(rng))),
        bias: Array.from({ length: count(rng, 3) }, () => number(rng)),
      })),
    );
    return m;
  });
  maybe(rng, 0.6, o, 'loss', () =>
    chance(rng, 0.85)
      ? component(g, LOSSES)
      : {
          formula: either(
            g,
            () => formulaText(rng, 3, []),
            () => anyJson(rng, 1),
          ),
          ...(chance(rng, 0.3) ? { [text(rng)]: number(rng) } : {}),
        },
  );
  maybe(rng, 0.6, o, 'optimizer', () => component(g, OPTIMIZERS));
  maybe(rng, 0.5, o, 'schedule', () => component(g, SCHEDULES));
  maybe(rng, 0.4, o, 'training', () => {
    const t: Record<string, unknown> = {};
    maybe(rng, 0.3, t, 'epochs', () =>
      either(
        g,
        () => pick(rng, [1, 5, 1e6]),
        () => pick(rng, [0, -1, 1e6 + 1, 2.5, '10']),
      ),
    );
    maybe(rng, 0.3, t, 'batchSize', () =>
      either(
        g,
        () => pick(rng, [1, 32, 'full', 1e9]),
        () => pick(rng, [0, 'all', -3]),
      ),
    );
    maybe(rng, 0.2, t, 'shuffle', () => either(g, () => chance(rng, 0.5), wrong));
    maybe(rng, 0.2, t, 'seed', () =>
      either(
        g,
        () => pick(rng, [0, 42, 2 ** 32 - 1]),
        () => pick(rng, [-1, 2 ** 32, 0.5]),
      ),
    );
    for (const k of ['clipNorm', 'clipValue', 'l1', 'l2'])
      maybe(rng, 0.1, t, k, () =>
        either(
          g,
          () => pick(rng, [k.startsWith('clip') ? null : 0, 1, 1e-300, 1e300]),
          () => pick(rng, [-1, number(rng)]),
        ),
      );
    maybe(rng, 0.2, t, 'accumulate', () =>
      either(
        g,
        () => pick(rng, [1, 4, 1000]),
        () => pick(rng, [0, 1.5]),
      ),
    );
    maybe(rng, 0.2, t, 'earlyStopping', () =>
      either(
        g,
        () =>
          pick(rng, [
            null,
            false,
            3,
            {
              patience: pick(rng, [1, 5]),
              monitor: pick(rng, MONITORS),
              minDelta: pick(rng, [0, 0.1]),
              restoreBest: chance(rng, 0.5),
            },
          ]),
        () =>
          pick(rng, [
            0,
            { patience: 0 },
            { patience: 2, monitor: text(rng) },
            { patience: 2, minDelta: -1 },
            anyJson(rng, 1),
          ]),
      ),
    );
    return t;
  });
  if (chance(rng, g.bad / 4)) o[text(rng)] = anyJson(rng, 2);
  return o;
}

function experimentText(rng: Rng): string {
  const g: Gen = { rng, bad: pick(rng, [0, 0.01, 0.05, 0.2]) };
  const shared = runSettings(g);
  const o: Record<string, unknown> = {
    ...shared,
    data: { path: 'data.csv', ...((shared.data as object | undefined) ?? {}) },
  };
  maybe(rng, 0.3, o, 'name', () =>
    either(
      g,
      () => 'exp',
      () => anyJson(rng, 1),
    ),
  );
  maybe(rng, 0.7, o, 'runs', () =>
    either(
      g,
      () => Array.from({ length: 1 + count(rng, 5) }, (_, i) => ({ name: `r${i}`, ...runSettings(g) })),
      () =>
        chance(rng, 0.5)
          ? []
          : Array.from({ length: count(rng, 3) }, () => ({ name: anyJson(rng, 0), ...runSettings(g) })),
    ),
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
    [
      'distribution',
      make(`a,b,p,q\n${rows((i) => `${i},${(i * 7) % 5},${(i % 4) / 4},${1 - (i % 4) / 4}`)}`, { target: ['p', 'q'] }),
    ],
    ['embedding', make(`a,b,y\n${rows((i) => `${i},${(i * 7) % 5},${i % 3}`)}`, { task: 'embedding' })],
    [
      'multitask',
      make(`a,b,y,z\n${rows((i) => `${i},${(i * 7) % 5},${i * 0.5 + (i % 3)},${i % 2 ? 'yes' : 'no'}`)}`, {
        target: ['y', 'z'],
        task: 'multitask',
      }),
    ],
    ['ranking', make(`q,a,b,y\n${rows((i) => `${i % 4},${i},${(i * 7) % 5},${i % 3}`)}`, { group: 'q' })],
    [
      'sequence',
      make(`s,a,b,y\n${rows((i) => `${i % 4},${i},${(i * 7) % 5},${['O', 'B-X', 'I-X'][i % 3]}`)}`, { sequence: 's' }),
    ],
    ['generate', make(`a,b,c\n${rows((i) => `${i},${(i * 7) % 5},${['r', 'g'][i % 2]}`)}`, { task: 'generate' })],
  ]);
  return taskData;
}

const MAX_BUILT_WEIGHTS = 200_000;

/** What happens to a resolved run before its first step: the loss fitted to the task, then model, optimizer, schedule. */
function prepare(cfg: RunConfig, rng: Rng): void {
  // Mostly a task the loss fits, as the CLI would infer from a suitable CSV.
  const fits = LOSSES.find((l) => l.id === cfg.loss.name)?.tasks ?? TASKS;
  const data = datasets().get(cfg.data.task ?? pick(rng, chance(rng, 0.9) ? fits : TASKS)) as Dataset;
  const plan = planRun(cfg, data);
  if (plan.generative) return prepareGenerative(plan);
  const full = plan.config;
  const ctx = plan.length;
  // Allocating and initializing a big model is the cost of training, not of checking a config (a 4096 × 4096
  // layer takes a second): such a model is sized, and its optimizer and schedule built on their own.
  if (modelWeights(plan.sizes) <= MAX_BUILT_WEIGHTS) {
    buildEngine(plan);
    return;
  }
  const { name: optimizer, ...optimizerParams } = full.optimizer;
  const { params } = createOptimizer(optimizer, 16, optimizerParams);
  const { name: schedule, ...scheduleParams } = full.schedule;
  createSchedule(schedule, params.lr as number, scheduleParams, ctx);
}

/** A generate run's networks and its family's model (optimizers and the family's own checks), when small enough. */
function prepareGenerative(plan: RunPlan): void {
  const g = plan.generative!;
  if (g.networks.reduce((sum, n) => sum + modelWeights(n.sizes), 0) > MAX_BUILT_WEIGHTS) return;
  const { config, data, lossParams } = plan;
  g.family.create({
    config,
    layout: data.layout!,
    latent: g.latent,
    lossParams,
    networks: buildNetworks(plan),
    noise: new Rng(0),
  });
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
      const source =
        r < 0.5
          ? experimentText(rng)
          : r < 0.95
            ? fromUtf8(
                mutateBytes(
                  rng,
                  utf8(chance(rng, 0.3) ? pick(rng, seeds) : experimentText(rng)),
                  utf8(experimentText(rng)),
                ),
              )
            : fromUtf8(randomBytes(rng, 200));
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
      return Array.from({ length: count(rng, 4) }, () => pick(rng, ['8', '0', '-1', '1.5', '', 'x', '100000'])).join(
        ',',
      );
    case 'batch':
      return pick(rng, ['full', '1', '32', '0', '-3', 'x', '1e3']);
    case 'formula':
      return chance(rng, 0.9) ? formulaText(rng, 3, []) : text(rng);
    case 'kv': {
      const spec = pick(rng, [...LOSSES, ...OPTIMIZERS, ...SCHEDULES]);
      const p = spec.params.length && chance(rng, 0.8) ? pick(rng, spec.params).name : text(rng);
      return `${p}${chance(rng, 0.95) ? '=' : ''}${chance(rng, 0.5) ? String(number(rng)) : pick(rng, ['0.9,0.99', '[1,2]', 'true', 'none', '', 'x', ',', '1,,2'])}`;
    }
    default:
      return chance(rng, 0.7)
        ? pick(rng, [
            ...LOSSES.map((l) => l.id),
            ...OPTIMIZERS.map((o) => o.id),
            ...SCHEDULES.map((s) => s.id),
            ...TASKS,
            ...ACTIVATION_IDS,
          ])
        : text(rng);
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

// ---------------------------------------------------------------- formulas

const PARAM_NAMES = ['delta', 'alpha', 'k'];
const OPERATORS = ['+', '-', '*', '/', '^'];
const COMPARE = ['<', '<=', '>', '>=', '==', '!='];

/** A formula as people write them: pred, target, numbers, parameters, operators, calls, comparisons. */
export function formulaText(rng: Rng, depth: number, params: readonly string[]): string {
  const sub = () => formulaText(rng, depth - 1, params);
  const paren = (e: string) => (chance(rng, 0.7) ? `(${e})` : e);
  if (depth <= 0 || chance(rng, 0.3)) {
    const r = rng.uniform();
    if (r < 0.35) return 'pred';
    if (r < 0.6) return 'target';
    if (r < 0.75 && params.length) return pick(rng, params);
    return chance(rng, 0.8)
      ? pick(rng, ['0', '1', '2', '0.5', '1e-8', '3', '10'])
      : pick(
          rng,
          NUMBER_TEXT.filter((t) => /^[\d.]/.test(t)),
        );
  }
  const sp = chance(rng, 0.5) ? ' ' : '';
  switch (rng.int(5)) {
    case 0:
      return `${paren(sub())}${sp}${pick(rng, OPERATORS)}${sp}${paren(sub())}`;
    case 1:
      return `-${paren(sub())}`;
    case 2: {
      const f = pick(rng, FUNCTIONS);
      return `${f.name}(${Array.from({ length: chance(rng, 0.95) ? f.arity : rng.int(4) }, sub).join(`,${sp}`)})`;
    }
    case 3:
      return `${paren(sub())}${sp}${pick(rng, COMPARE)}${sp}${paren(sub())} ? ${paren(sub())} : ${paren(sub())}`;
    default:
      return `(${sub()})`;
  }
}

/** A formula (generated, mutated, or runaway: very long, very deep) and the parameters it may use. */
function formulaInput(rng: Rng): { text: string; params: Record<string, number> } {
  const names = PARAM_NAMES.filter(() => chance(rng, 0.3));
  let formula = formulaText(rng, 1 + count(rng, 8), names);
  if (!/\bpred\b/.test(formula) && chance(rng, 0.9))
    formula = chance(rng, 0.5) ? `(${formula}) * pred` : `pred - ${formula}`;
  // Mostly the parameters the formula uses, each a number; now and then one unused, not a number, or misnamed.
  const used = names.filter((n) => new RegExp(`\\b${n}\\b`).test(formula) || chance(rng, 0.03));
  const params = Object.fromEntries(used.map((n) => [n, chance(rng, 0.97) ? number(rng) : NaN]));
  if (chance(rng, 0.03)) params[chance(rng, 0.5) ? text(rng) : pick(rng, ['pred', 'log', 'name', 'formula', '1x'])] = 1;
  const r = rng.uniform();
  if (r < 0.3) formula = fromUtf8(mutateBytes(rng, utf8(formula), utf8(formulaText(rng, 3, names))));
  else if (r < 0.33) formula = `${'('.repeat(1 + rng.int(400))}pred${')'.repeat(rng.int(400))}`;
  else if (r < 0.36)
    formula = Array.from({ length: 1 + rng.int(600) }, () => 'pred').join(pick(rng, ['+', '*', '^', '-']));
  else if (r < 0.38) formula = `${'exp('.repeat(1 + rng.int(60))}pred${')'.repeat(60)}`;
  return { text: formula, params };
}

/** Custom-loss formulas: parsed, differentiated, compiled, checked against finite differences, evaluated. */
function formulaTarget(): FuzzTarget {
  return {
    name: 'formula',
    make(rng) {
      const { text, params } = formulaInput(rng);
      const task = pick(rng, [undefined, 'regression', 'binary'] as const);
      return {
        run() {
          normalizedText(text);
          const f = compileFormula(text, params);
          // Compiled closures take any double, NaN included, without throwing.
          for (const p of [-1e300, -2, 0, 0.5, 3, 1e300, NaN])
            for (const t of [0, 1, -1]) check(typeof (f.value(p, t) + f.slope(p, t)) === 'number', 'a number out');
          try {
            formulaLoss(text, params, task);
          } catch (e) {
            // The finite-difference check on load reporting our own differentiation as wrong is a bug, not a user error.
            if (isLossLabError(e) && e.message.includes("bug in Loss Lab's differentiation"))
              throw new Error(e.message, { cause: e });
            throw e;
          }
        },
        show: () => `${JSON.stringify(text)} with ${JSON.stringify(params)} (${task ?? 'no task'})`,
      };
    },
  };
}

/** Every fuzz target; adding one is one more entry. */
export const TARGETS: readonly FuzzTarget[] = [
  csvTarget(),
  datasetTarget(),
  configTarget(),
  flagsTarget(),
  formulaTarget(),
];
