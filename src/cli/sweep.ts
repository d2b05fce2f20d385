/**
 * `losslab sweep`: many runs over a grid (or a random subset) of settings, trained in parallel worker
 * threads on one shared copy of the data, then ranked by a metric.
 *
 *   losslab sweep data.csv --lr 0.1,0.01,0.001 --loss mse,huber --hidden [64,64],[32] --workers 2
 *   losslab sweep experiment.losslab.json
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LossLabError, quote, shorten, showPath } from '../core/errors';
import { lowerIsBetter, taskHeadline } from '../core/metricNames';
import { MAX_SWEEP_RUNS, SWEEP_METRICS, expandSweep, gridSize, metricValue, rankRuns } from '../core/sweep';
import type { SweepAxis, SweepRun, SweepSpec } from '../core/sweep';
import { repeatedValue } from '../core/sweep/parse';
import { coreCount } from '../io/cores';
import { type SweepJob, startLongestFirst, sweepJobs } from '../runs/sweepQueue';
import { SharedData } from '../runs/sharedData';
import { type LiveRun, RunManager } from '../runs/runManager';
import type { RunThread } from '../protocol/worker';
import { checkRedisUrl } from '../runs/redis/connection';
import { RedisRuns } from '../runs/redis/remoteRuns';
import {
  COMMON_FLAGS,
  type Command,
  type FlagSpec,
  type ParsedArgs,
  SEEDS_FLAG,
  TRAIN_FLAGS,
  flagsToConfig,
  parseValue,
  runsDir,
} from './args';
import { duration } from '../views/duration';
import { fmt, table } from './format';
import { writeReport } from '../runs/report';
import { configFromArgs, outcomeJson, readExperiment } from './train';
import { groupsJson, seedTable, seededRun } from './seeds';
import { groupSummaries } from '../core/seeds/summary';

const SWEEP_FLAGS: readonly FlagSpec[] = [
  {
    flag: '--workers',
    path: null,
    kind: 'int',
    arg: 'N',
    help: 'runs trained at once, each in its own worker thread (default: one per core)',
  },
  {
    flag: '--random',
    path: null,
    kind: 'int',
    arg: 'K',
    help: 'train K combinations drawn at random instead of the whole grid',
  },
  {
    flag: '--report',
    path: null,
    kind: 'bool',
    help: "also write every run's charts and the sweep card to .losslab/sweep-report.html",
  },
  { flag: '--sweep-seed', path: null, kind: 'int', arg: 'N', help: 'seed of the random draw (default 0)' },
  {
    flag: '--redis',
    path: null,
    kind: 'string',
    arg: 'URL',
    help: 'queue the runs in Redis (redis://[:password@]host:port[/db], or rediss://) for losslab worker to train; recorded here as local runs are',
  },
  {
    flag: '--resume',
    path: null,
    kind: 'string',
    arg: 'ID',
    help: 'with --redis: follow a sweep queued earlier again (its id is printed when it starts), writing the records missed',
  },
  {
    flag: '--metric',
    path: null,
    kind: 'string',
    arg: 'NAME',
    help: 'rank by this metric (default: accuracy, r2 or pair accuracy by task)',
  },
];

/**
 * A flag value's alternatives: commas separate them, brackets group a list-valued one, so `0.1,0.01`
 * is two values and `[64,64],[32]` two lists. Commas inside parentheses stay (a formula's `max(a, b)`).
 */
export function alternatives(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  if (out.some((a) => a === '')) throw new LossLabError(`${quote(text)} has an empty value between commas`);
  return out;
}

function getPath(o: Record<string, unknown>, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((cur, k) => (cur as Record<string, unknown> | undefined)?.[k], o);
}

/** The config value one alternative of a flag stands for, parsed as `losslab train` parses the flag. */
function flagValue(spec: FlagSpec, text: string): unknown {
  const raw = flagsToConfig({ positional: [], flags: new Map([[spec.flag, [unbracketed(spec, text)]]]) }, [spec]);
  return getPath(raw, spec.path!);
}

/** A list of names written in brackets (`[price,churn]`: one value of a sweep flag) as the flag takes it. */
function unbracketed(spec: FlagSpec, text: string): string {
  return spec.kind === 'list' || spec.kind === 'names' ? text.replace(/^\[|\]$/g, '') : text;
}

/**
 * Splits the training flags into those with one value (kept as flags, for the base config) and those
 * with several (the sweep's axes, in the order given).
 */
export function flagAxes(
  parsed: ParsedArgs,
  specs: readonly FlagSpec[] = TRAIN_FLAGS,
): { fixed: ParsedArgs; axes: SweepAxis[] } {
  const fixed = new Map<string, string[]>();
  const axes: SweepAxis[] = [];
  for (const [flag, values] of parsed.flags) {
    const spec = specs.find((s) => s.flag === flag);
    // A kvs flag lists its pairs with commas (a=regression,b=binary), --row-epochs its epochs: one value, never an axis.
    if (!spec || spec.path === null || spec.kind === 'bool' || spec.kind === 'kvs' || spec.kind === 'epochs') {
      fixed.set(flag, values);
      continue;
    }
    if (spec.kind === 'kv') {
      const kept: string[] = [];
      for (const item of values) {
        const eq = item.indexOf('=');
        const options = eq > 0 ? alternatives(item.slice(eq + 1)) : [];
        if (options.length > 1)
          axes.push({
            path: `${spec.path}.${item.slice(0, eq).trim()}`,
            dist: { kind: 'choice', values: options.map(parseValue) },
          });
        else kept.push(item);
      }
      if (kept.length) fixed.set(flag, kept);
      continue;
    }
    const last = values[values.length - 1];
    const options = alternatives(last);
    if (options.length > 1)
      axes.push({ path: spec.path, dist: { kind: 'choice', values: options.map((o) => flagValue(spec, o)) } });
    else fixed.set(flag, [unbracketed(spec, last)]);
  }
  for (const a of axes) {
    const twice = repeatedValue((a.dist as { values: unknown[] }).values);
    if (twice !== null)
      throw new LossLabError(
        `${a.path} lists ${shorten(twice)} twice (a list-valued flag writes each list in brackets: --hidden [64,64],[32])`,
      );
  }
  return { fixed: { positional: parsed.positional, flags: fixed }, axes };
}

function intFlag(parsed: ParsedArgs, flag: string, min: number): number | null {
  const v = parsed.flags.get(flag)?.at(-1);
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new LossLabError(`${flag} must be an integer of at least ${min}, got ${quote(v)}`);
  return n;
}

/** The runs of `losslab sweep data.csv <flags>` or of an experiment file's sweep. */
function sweepFromArgs(parsed: ParsedArgs): { runs: SweepRun[]; spec: SweepSpec; experiment: string } {
  const target = parsed.positional[0];
  if (!target)
    throw new LossLabError(
      'losslab sweep needs a CSV file and flags with several values (losslab sweep data.csv --lr 0.1,0.01), or an experiment file with a sweep',
    );
  if (parsed.positional.length > 1)
    throw new LossLabError(
      `losslab sweep takes one file, got ${parsed.positional.length}: ${parsed.positional.map((a) => quote(a)).join(' ')}`,
    );
  const random = intFlag(parsed, '--random', 1);
  const seed = intFlag(parsed, '--sweep-seed', 0);
  const metric = parsed.flags.get('--metric')?.at(-1) ?? null;
  if (metric !== null && !(SWEEP_METRICS as readonly string[]).includes(metric))
    throw new LossLabError(`--metric must be one of ${SWEEP_METRICS.join(', ')}, got ${quote(metric)}`);
  if (/\.json$/i.test(target)) {
    const trainFlag = [...parsed.flags.keys()].find((f) => [...TRAIN_FLAGS, SEEDS_FLAG].some((s) => s.flag === f));
    if (trainFlag)
      throw new LossLabError(
        `${trainFlag} cannot change an experiment file's sweep; edit its "sweep" block (or sweep the CSV with flags)`,
      );
    const exp = readExperiment(target);
    if (!exp.sweep)
      throw new LossLabError(
        `${showPath(target)} has no "sweep" block; add one, e.g. "sweep": {"grid": {"optimizer.lr": [0.1, 0.01]}}`,
        { file: target },
      );
    const spec: SweepSpec = {
      ...exp.sweep,
      budget: random ?? exp.sweep.budget,
      seed: seed ?? exp.sweep.seed,
      metric: metric ?? exp.sweep.metric,
    };
    return { runs: inFile(target, () => expandSweep(spec, exp.base)), spec, experiment: exp.name };
  }
  const { fixed, axes } = flagAxes(parsed);
  if (!axes.length)
    throw new LossLabError(
      'nothing to sweep: give a flag several comma-separated values, e.g. --lr 0.1,0.01 or --hidden [64],[32,32]',
    );
  const spec: SweepSpec = {
    method: random === null ? 'grid' : 'random',
    axes,
    budget: random,
    seed: seed ?? 0,
    metric,
  };
  const size = gridSize(axes)!;
  if (random === null && size > MAX_SWEEP_RUNS)
    throw new LossLabError(
      `the grid has ${size} combinations, more than ${MAX_SWEEP_RUNS}; give fewer values or draw some with --random K`,
    );
  const base = configFromArgs(fixed);
  return { runs: expandSweep(spec, base), spec, experiment: `${base.name} sweep` };
}

function inFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LossLabError) throw new LossLabError(`${showPath(file)}: ${e.message}`, { ...e.where, file });
    throw e;
  }
}

/** The bundled worker sits next to the CLI bundle (dist/cli.js, dist/worker.js). */
export function workerFile(): string {
  const file = path.join(__dirname, 'worker.js');
  if (!fs.existsSync(file)) throw new Error(`the training worker ${file} is missing; build with npm run build`);
  return file;
}

interface Finished extends SweepJob {
  live: LiveRun;
}

/**
 * Trains every job in the pool, each recorded as one of the sweep `spec`; resolves, in the jobs' order, when
 * all have ended, calling `onEnd` as each ends. Ctrl-C stops them all (their records are kept); a second
 * Ctrl-C exits at once.
 */
function trainAll(
  manager: RunManager,
  jobs: SweepJob[],
  experiment: string,
  spec: SweepSpec,
  id: string,
  elsewhere: (() => RunThread) | undefined,
  onEnd: (f: Finished) => void,
): Promise<Finished[]> {
  return new Promise((resolve) => {
    // Each run records the sweep it was one of, so that a report of its runs shows the sweep card.
    const live = startLongestFirst(jobs, (j) =>
      manager.submit(j.config, experiment, null, j.data, { id, spec, point: j.run.point }, elsewhere),
    );
    const all: Finished[] = jobs.map((j, k) => ({ ...j, live: live[k] }));
    const ended = new Set<Finished>();
    let interrupted = false;
    const onSigint = () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      manager.stopAll();
    };
    process.on('SIGINT', onSigint);
    const check = () => {
      for (const f of all) {
        if (f.live.active || ended.has(f)) continue;
        ended.add(f);
        onEnd(f);
      }
      if (ended.size < all.length) return;
      manager.off('change', check);
      process.off('SIGINT', onSigint);
      resolve(all);
    };
    manager.on('change', check);
    check();
  });
}

export const SWEEP_COMMAND: Command = {
  name: 'sweep',
  usage: ['sweep <csv> [flags]', 'sweep <file.losslab.json> [sweep flags]'],
  summary:
    'a grid (or a random draw) of runs, trained in parallel and ranked: from a CSV and training flags with several values, or from an experiment file\'s "sweep" block',
  groups: [
    {
      title: 'training flags (each may list several values, comma-separated; lists in brackets: --hidden [64,64],[32])',
      flags: TRAIN_FLAGS,
    },
    { title: 'repeats (never an axis: every point once per seed)', flags: [SEEDS_FLAG] },
    { title: 'common flags', flags: COMMON_FLAGS },
    { title: 'sweep flags', flags: SWEEP_FLAGS },
  ],
  run: sweepCommand,
};

async function sweepCommand(parsed: ParsedArgs): Promise<number> {
  const redis = parsed.flags.get('--redis')?.at(-1);
  if (redis !== undefined) return remoteSweepCommand(parsed, checkRedisUrl(redis));
  if (parsed.flags.has('--resume'))
    throw new LossLabError('--resume follows a sweep queued in Redis: give --redis URL too', { field: '--resume' });
  const { runs, spec, experiment } = sweepFromArgs(parsed);
  const workers = Math.min(intFlag(parsed, '--workers', 1) ?? coreCount(), runs.length);
  const outDir = runsDir(parsed);

  // The workers start first and load the training code while the data is read. They relay no step
  // events: this command prints each run's end only.
  const manager = new RunManager(workerFile(), workers, () => outDir, { relaySteps: false });
  manager.prestart(workers);
  try {
    const where = `${workers} worker${workers === 1 ? '' : 's'}`;
    return await sweepOn(manager, runs, spec, experiment, {
      id: randomUUID(),
      workers,
      where,
      ...outputOptions(parsed),
    });
  } finally {
    manager.dispose();
  }
}

function outputOptions(parsed: ParsedArgs): { quiet: boolean; json: boolean; outDir: string; report: boolean } {
  // The report embeds every recorded point (megabytes for a long sweep), so it is written on request only.
  const report = parsed.flags.has('--report');
  return { quiet: parsed.flags.has('--quiet'), json: parsed.flags.has('--json'), outDir: runsDir(parsed), report };
}

/**
 * The sweep's runs queued in Redis for `losslab worker`s and followed here (recorded, printed, ranked) as
 * local ones; or, with `--resume`, a sweep queued earlier followed again.
 */
async function remoteSweepCommand(parsed: ParsedArgs, url: string): Promise<number> {
  const resume = parsed.flags.get('--resume')?.at(-1);
  if (parsed.flags.has('--workers'))
    throw new LossLabError(
      '--workers counts local worker threads; with --redis, start losslab worker where the runs should train',
      { field: '--workers' },
    );
  if (resume !== undefined && parsed.positional.length)
    throw new LossLabError('--resume takes the sweep from Redis: give no file', { field: '--resume' });
  const output = outputOptions(parsed);
  const pool = await RedisRuns.open(url, () => output.outDir);
  const manager = new RunManager('', 1, () => output.outDir);
  try {
    const id = resume ?? randomUUID();
    const sweep = resume !== undefined ? await pool.loadSweep(resume) : sweepFromArgs(parsed);
    // Workers receive one data file per run, by its hash.
    if (sweep.runs.some((r) => r.config.data.valPath !== undefined))
      throw new LossLabError(
        'a validation file (--val-data, data.valPath) is not sent to Redis workers: run this sweep locally',
        {
          field: 'data.valPath',
        },
      );
    if (resume === undefined) await pool.saveSweep(id, sweep);
    if (!output.quiet)
      process.stderr.write(`sweep ${id} on Redis at ${pool.shownUrl} (follow it again with --resume ${id})\n`);
    return await sweepOn(manager, sweep.runs, sweep.spec, sweep.experiment, {
      id,
      workers: null,
      where: 'Redis workers',
      elsewhere: () => pool.thread(),
      ...output,
    });
  } finally {
    manager.dispose();
    await pool.close();
  }
}

async function sweepOn(
  manager: RunManager,
  runs: SweepRun[],
  spec: SweepSpec,
  experiment: string,
  {
    id,
    workers,
    where,
    quiet,
    json,
    outDir,
    report: withReport,
    elsewhere,
  }: {
    id: string;
    /** Runs trained through Redis: each run's handle there. */
    elsewhere?: () => RunThread;
    workers: number | null;
    where: string;
    quiet: boolean;
    json: boolean;
    outDir: string;
    report: boolean;
  },
): Promise<number> {
  // Data once per distinct data settings, and every run checked before any trains, so that a bad
  // combination is reported at once rather than after the others have trained.
  const shared = new SharedData();
  const jobs = await sweepJobs(runs, shared);
  const task = jobs[0].data.dataset.task;
  const metric = spec.metric ?? taskHeadline(task);
  const lower = lowerIsBetter(metric);
  if (!quiet)
    process.stderr.write(
      `sweep: ${runs.length} runs on ${where}, ${shared.size} dataset${shared.size === 1 ? '' : 's'} in shared memory\n`,
    );

  const started = performance.now();
  let done = 0;
  const finished = await trainAll(manager, jobs, experiment, spec, id, elsewhere, (f) => {
    done++;
    if (quiet) return;
    const value = metricValue(f.live.summary, metric);
    const result = f.live.summary
      ? `${f.live.status}, ${metric} ${fmt(value)}`
      : `${f.live.status}${f.live.error ? `: ${f.live.error.message.split('\n')[0]}` : ''}`;
    process.stderr.write(`[${done}/${runs.length}] ${f.run.name}: ${result} (${duration(f.live.elapsed)})\n`);
  });
  const wallSeconds = (performance.now() - started) / 1000;

  const ranked = rankRuns(finished, (f) => f.live.summary, metric);
  const entries = ranked.map((f) => runJson(f, metric));
  const seeded = finished.map((f) => seededRun(f.config, f.live.summary));
  const groups = groupSummaries(seeded);
  if (json) {
    const report = withReport ? sweepReport(outDir, finished, ranked[0]) : null;
    process.stdout.write(
      JSON.stringify({
        experiment,
        metric: { name: metric, lower_is_better: lower },
        workers,
        ...(workers === null ? { sweep_id: id } : {}),
        timing: { wall_s: wallSeconds },
        runs: entries,
        best: entries[0] ?? null,
        ...(groups.length && { groups: groupsJson(groups) }),
        report,
      }) + '\n',
    );
  } else {
    const rows = ranked.map((f, i) => {
      const s = f.live.summary;
      return [
        String(i + 1),
        f.run.name,
        f.live.status,
        fmt(metricValue(s, metric)),
        fmt(s?.final?.trainLoss),
        fmt(s?.final?.valLoss),
        duration(f.live.elapsed),
      ];
    });
    process.stdout.write(
      `${experiment}: ${runs.length} runs in ${duration(wallSeconds)} on ${where}, ranked by ${metric} (${lower ? 'lower' : 'higher'} is better)\n\n`,
    );
    process.stdout.write(table(['#', 'run', 'status', metric, 'train loss', 'val loss', 'time'], rows) + '\n');
    if (groups.length) process.stdout.write(`\n${seedTable(seeded)}\n`);
    if (ranked[0]?.live.summary)
      process.stdout.write(
        `\nbest: ${ranked[0].run.name}${ranked[0].live.runDir ? ` (${ranked[0].live.runDir})` : ''}\n`,
      );
    // Written after the table, which a user reads first.
    const report = withReport ? sweepReport(outDir, finished, ranked[0]) : null;
    if (report) process.stdout.write(`Charts: open ${report} in a browser\n`);
    else if (!withReport)
      process.stdout.write('Charts: add --report for an HTML page of every run and the sweep card\n');
    else if (finished.some((f) => f.live.runDir))
      process.stdout.write('Charts: too many points for one page; pick runs with losslab report RUN_ID...\n');
  }
  return finished.every((f) => f.live.status !== 'failed') ? 0 : 1;
}

/** Past this much recorded series a report takes a browser too long to open (it embeds about as many bytes). */
const REPORT_MAX_BYTES = 100e6;

/**
 * The sweep's report, beside the runs folder as the demo's is (each sweep replaces the last one's), the
 * best run shown first; null when no run was recorded or the runs are too large for one page.
 */
function sweepReport(outDir: string, finished: readonly Finished[], best: Finished | undefined): string | null {
  const dirs = finished.flatMap((f) => (f.live.runDir ? [f.live.runDir] : []));
  const bytes = dirs.reduce(
    (n, d) => n + (fs.statSync(path.join(d, 'events.jsonl'), { throwIfNoEntry: false })?.size ?? 0),
    0,
  );
  if (!dirs.length || bytes > REPORT_MAX_BYTES) return null;
  const file = path.join(path.dirname(outDir), 'sweep-report.html');
  writeReport(file, dirs, { activeId: best?.live.runDir ? path.basename(best.live.runDir) : undefined });
  return file;
}

/** One run as `losslab train --json` reports it, with the sweep point and the ranking metric. */
function runJson(f: Finished, metric: string) {
  const base = { sweep: f.run.point, metric: metricValue(f.live.summary, metric) };
  if (!f.live.summary)
    return {
      name: f.run.name,
      run_dir: f.live.runDir,
      status: f.live.status,
      message: f.live.error?.message ?? null,
      ...base,
    };
  const outcome = {
    summary: f.live.summary,
    runDir: f.live.runDir,
    config: f.config,
    dataset: f.data.dataset,
    loadSeconds: f.data.loadSeconds,
  };
  return { ...outcomeJson(outcome), ...base };
}
