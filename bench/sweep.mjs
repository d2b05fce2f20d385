// Sweep benchmark: `losslab sweep` of 8 runs (digits, hidden 64, Adam and SGD at 4 learning rates; 50
// epochs, then 150) with --workers 1 and --workers 2 side by side, rounds alternating, best of
// LOSSLAB_BENCH_REPS (default 3) by the whole command's wall time (what a user waits). Beside it, where
// the time went: the command's CPU time, the time outside the pool, and how busy the workers were. The
// same rounds also time the machine's own ceiling for two-way parallelism: the 8 runs split into two
// `--workers 1` sweeps of 4 in two processes started together, sharing nothing. Then the extension
// host's event-loop delay while its run manager trains the 50-epoch sweep on 2 workers (bench/host-lag.ts).
// Needs `npm run build` first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';
import { freeCores } from './cores.mjs';
import { CACHE } from './data.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const WORKER = join(ROOT, 'dist', 'worker.js');
const CSV = join(ROOT, 'test', 'data', 'digits.csv');
const REPS = Number(process.env.LOSSLAB_BENCH_REPS ?? 3);
const FIXED = ['--hidden', '[64]', '--optimizer', 'adam,sgd'];
const SWEEP = [...FIXED, '--lr', '0.1,0.05,0.02,0.01'];
/** The same 8 runs as two sweeps of 4. */
const HALVES = [
  [...FIXED, '--lr', '0.1,0.05'],
  [...FIXED, '--lr', '0.02,0.01'],
];
const GOAL = 1.8;
const LAG_GOAL_MS = 50;

if (!existsSync(CLI) || !existsSync(WORKER)) {
  console.error('bench/sweep.mjs needs the built CLI and training worker: run npm run build first');
  process.exit(1);
}

/** CPU seconds of this process's finished children (Linux; null elsewhere): utime + stime of the waited-for. */
function childCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // cutime and cstime, fields 16 and 17 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** `losslab sweep` of `args` on `workers` workers, recorded into a fresh folder; resolves with its --json result. */
function sweepProcess(args, workers) {
  const out = mkdtempSync(join(tmpdir(), 'losslab-bench-sweep-'));
  const child = spawn(process.execPath, [
    CLI,
    'sweep',
    CSV,
    ...args,
    '--workers',
    String(workers),
    '--json',
    '--quiet',
    '--out',
    join(out, 'runs'),
  ]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      rmSync(out, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`losslab sweep failed: ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
    }),
  );
}

/**
 * Wall and CPU time of sweeps started together (one, or the two halves), with what the first one's
 * --json says of its pool. CPU time is of the finished children, so nothing else may run meanwhile.
 */
async function timed(sweeps) {
  const cpu0 = childCpu();
  const t0 = performance.now();
  const results = await Promise.all(sweeps.map(([args, workers]) => sweepProcess(args, workers)));
  const wall = (performance.now() - t0) / 1000;
  const cpu1 = childCpu();
  return {
    wall,
    cpu: cpu0 === null ? null : cpu1 - cpu0,
    pool: results[0].timing.wall_s,
    runs: results.flatMap((r) => r.runs.map((run) => run.timing.train_s)),
  };
}

const s = (t) => `${t.toFixed(2)} s`;
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** What the machine allows now: no sweep can gain more from a second worker than plain arithmetic does. */
const conditions = async () =>
  `load average ${loadavg()[0].toFixed(1)}, two threads of plain arithmetic ran ${(await freeCores()).toFixed(2)}× as fast as one`;
console.log(
  `sweep: 8 runs on digits.csv (${SWEEP.join(' ')}), --workers 1 against --workers 2, best of ${REPS}; ${await conditions()}`,
);
for (const epochs of [50, 150]) {
  const e = ['--epochs', String(epochs)];
  const contenders = {
    1: [[[...SWEEP, ...e], 1]],
    2: [[[...SWEEP, ...e], 2]],
    split: HALVES.map((h) => [[...h, ...e], 1]),
  };
  const rounds = { 1: [], 2: [], split: [] };
  for (let rep = 0; rep < REPS; rep++)
    for (const [k, sweeps] of Object.entries(contenders)) rounds[k].push(await timed(sweeps));
  const best = (k) => rounds[k].reduce((a, b) => (b.wall < a.wall ? b : a));
  const every = (k) => `every round: ${rounds[k].map((r) => r.wall.toFixed(2)).join(' / ')} s`;
  for (const w of [1, 2]) {
    const b = best(w);
    const busy = sum(b.runs);
    console.log(
      `sweep ${epochs} epochs --workers ${w}: ${s(b.wall)} wall, ${b.cpu === null ? 'CPU n/a' : `${s(b.cpu)} CPU`}; ` +
        `${s(b.wall - b.pool)} outside the pool, pool ${s(b.pool)} with the runs training ${s(busy)} in all ` +
        `(workers busy ${((100 * busy) / (w * b.pool)).toFixed(0)}% of the pool's time); ${every(w)}`,
    );
  }
  const split = best('split');
  console.log(
    `sweep ${epochs} epochs as two --workers 1 sweeps of 4 in two processes at once: ${s(split.wall)} wall, the runs training ${s(sum(split.runs))} in all; ${every('split')}`,
  );
  // Rounded down, so that a speed-up printed as meeting the goal does.
  const speedup = Math.floor((100 * best(1).wall) / best(2).wall) / 100;
  console.log(
    `sweep ${epochs} epochs: ${speedup.toFixed(2)}× faster with 2 workers (goal ≥ ${GOAL}×${speedup >= GOAL ? ', met' : ', short'}); ` +
      `two separate processes: ${(best(1).wall / split.wall).toFixed(2)}×`,
  );
}
console.log(`sweep: at the end, ${await conditions()}`);

// The host side, bundled from the sources (it imports the run manager and the dashboard's point buffer).
const hostLag = await bundle(join(ROOT, 'bench', 'host-lag.ts'), join(CACHE, 'build', 'host-lag.js'));
const r = spawnSync(process.execPath, [hostLag, WORKER, CSV], { encoding: 'utf8' });
if (r.status !== 0) {
  console.error(`host event-loop benchmark failed: ${r.stderr}`);
  process.exitCode = 1;
} else {
  const lag = JSON.parse(r.stdout.trim().split('\n').at(-1));
  console.log(
    `host event-loop delay during an 8-run sweep on 2 workers (${lag.seconds.toFixed(1)} s, ${lag.points} step points relayed, ${lag.messages} dashboard messages): ` +
      `p50 ${lag.p50_ms.toFixed(1)} ms, p99 ${lag.p99_ms.toFixed(1)} ms, max ${lag.max_ms.toFixed(1)} ms (goal p99 ≤ ${LAG_GOAL_MS} ms${lag.p99_ms <= LAG_GOAL_MS ? ', met' : ', missed'})`,
  );
}
