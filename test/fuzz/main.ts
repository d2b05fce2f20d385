/**
 * `npm run fuzz`: every target (or `--target a,b`) gets `--count` inputs (default 100,000) from `--seed`
 * (default: a fresh one, printed). Each target runs in a worker thread, two at a time, watched from here:
 * an input still running after `HANG_MS` ends the worker and is reported as a hang with its index.
 * `--index I` runs one input of one target and prints it, to reproduce a failure.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { Rng } from '../../src/core/rng';
import { type Failure, type FuzzStats, caseSeed, fuzz } from './fuzz';
import { TARGETS } from './targets';

const HANG_MS = 10_000;

interface Job {
  target: string;
  seed: number;
  count: number;
  index: Int32Array;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function targetNamed(name: string) {
  const t = TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`no fuzz target '${name}'; targets: ${TARGETS.map((x) => x.name).join(', ')}`);
  return t;
}

function runWorker(job: Job): void {
  const stats = fuzz(targetNamed(job.target), {
    seed: job.seed,
    count: job.count,
    onInput: (i) => Atomics.store(job.index, 0, i),
  });
  parentPort?.postMessage(stats);
}

/** Runs one target in a worker; resolves with its stats, or with a hang failure if an input never returns. */
function inWorker(target: string, seed: number, count: number): Promise<FuzzStats> {
  const index = new Int32Array(new SharedArrayBuffer(4)).fill(-1);
  const worker = new Worker(__filename, { workerData: { target, seed, count, index } satisfies Job });
  return new Promise((resolve, reject) => {
    let last = -1;
    let since = Date.now();
    const watch = setInterval(() => {
      const now = Atomics.load(index, 0);
      if (now !== last) {
        last = now;
        since = Date.now();
        return;
      }
      if (Date.now() - since < HANG_MS) return;
      clearInterval(watch);
      void worker.terminate();
      const input = targetNamed(target)
        .make(new Rng(caseSeed(seed, now)))
        .show();
      const hang: Failure = {
        target,
        index: now,
        kind: 'hang',
        detail: `no result after ${HANG_MS / 1000} s`,
        input: input.slice(0, 2000),
      };
      resolve({
        target,
        inputs: now,
        rejected: 0,
        slowestMs: Infinity,
        slowestIndex: now,
        seconds: NaN,
        failures: [hang],
      });
    }, 250);
    worker.once('message', (stats: FuzzStats) => {
      clearInterval(watch);
      resolve(stats);
    });
    worker.once('error', (e) => {
      clearInterval(watch);
      reject(e);
    });
  });
}

async function main(args: string[]): Promise<number> {
  const count = Number(option(args, '--count') ?? 100_000);
  const seed = Number(option(args, '--seed') ?? Math.floor(Math.random() * 2 ** 32));
  const names = option(args, '--target')?.split(',') ?? TARGETS.map((t) => t.name);
  const only = option(args, '--index');
  if (only !== undefined) {
    const stats = fuzz(targetNamed(names[0]), { seed, count: 1, first: Number(only) });
    const input = targetNamed(names[0])
      .make(new Rng(caseSeed(seed, Number(only))))
      .show();
    process.stdout.write(`${names[0]} seed ${seed} index ${only}\ninput: ${input}\n`);
    process.stdout.write(
      stats.failures.length
        ? `${stats.failures[0].kind}: ${stats.failures[0].detail}\n`
        : `ok (${stats.rejected ? 'rejected' : 'accepted'}) in ${stats.slowestMs.toFixed(1)} ms\n`,
    );
    return stats.failures.length ? 1 : 0;
  }
  process.stdout.write(`fuzz: ${count} inputs per target, seed ${seed}\n`);
  const results: FuzzStats[] = [];
  const queue = [...names];
  const lanes = Array.from({ length: Math.min(2, availableParallelism(), queue.length) }, async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const s = await inWorker(name, seed, count);
      results.push(s);
      process.stdout.write(
        `${s.target.padEnd(8)} ${String(s.inputs).padStart(7)} inputs  ${String(s.rejected).padStart(7)} rejected  ` +
          `slowest ${s.slowestMs.toFixed(1)} ms (index ${s.slowestIndex})  ${s.seconds.toFixed(1)} s  ${s.failures.length} failures\n`,
      );
    }
  });
  await Promise.all(lanes);
  const failures = results.flatMap((r) => r.failures);
  for (const f of failures)
    process.stdout.write(
      `\n${f.target} #${f.index} ${f.kind}: ${f.detail}\n  input: ${f.input}\n  reproduce: npm run fuzz -- --target ${f.target} --seed ${seed} --index ${f.index}\n`,
    );
  process.stdout.write(`\n${failures.length ? `${failures.length} failures` : 'no failures'}\n`);
  return failures.length ? 1 : 0;
}

if (!isMainThread) runWorker(workerData as Job);
else if (require.main === module)
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
