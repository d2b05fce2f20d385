// Remote-sweep benchmark: the overhead of the queue. The same 8-run sweep as bench/sweep.mjs (digits,
// hidden 64, Adam and SGD at 4 learning rates, 50 epochs) trained by `losslab sweep --workers 2` and by
// `losslab sweep --redis` on two `losslab worker` processes on this machine, through a redis-server on a
// random local port; rounds alternate, best of LOSSLAB_BENCH_REPS (default 3) by wall time. Goal: the
// queue within 10% of the local pool. Needs `npm run build` and redis-server (.ci/run installs it).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CSV = join(ROOT, 'test', 'data', 'digits.csv');
const REPS = Number(process.env.LOSSLAB_BENCH_REPS ?? 3);
const SWEEP = ['--hidden', '[64]', '--optimizer', 'adam,sgd', '--lr', '0.1,0.05,0.02,0.01', '--epochs', '50'];
const GOAL = 1.1;

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const server = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  {
    stdio: 'ignore',
  },
);
server.on('error', () => {
  console.error('bench/redis.mjs needs redis-server: apt-get install redis-server');
  process.exit(1);
});
await new Promise((r) => setTimeout(r, 500));
const url = `redis://127.0.0.1:${port}`;
const workers = [1, 2].map((i) =>
  spawn(process.execPath, [CLI, 'worker', '--redis', url, '--name', `bench-${i}`], { stdio: 'ignore' }),
);

function sweep(extra) {
  const out = mkdtempSync(join(tmpdir(), 'losslab-bench-'));
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [CLI, 'sweep', CSV, ...SWEEP, ...extra, '--quiet', '--out', join(out, 'runs')],
    {
      encoding: 'utf8',
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`losslab sweep ${extra.join(' ')} failed: ${r.stderr}`);
  return seconds;
}

try {
  await new Promise((r) => setTimeout(r, 1500)); // the workers connect
  const best = { local: Infinity, redis: Infinity };
  for (let i = 0; i < REPS; i++) {
    best.local = Math.min(best.local, sweep(['--workers', '2']));
    best.redis = Math.min(best.redis, sweep(['--redis', url]));
  }
  const ratio = best.redis / best.local;
  console.log(`\nremote sweep (8 runs of digits, 50 epochs), best of ${REPS}:`);
  console.log(`  --workers 2                 ${best.local.toFixed(2)} s`);
  console.log(`  --redis, 2 losslab workers  ${best.redis.toFixed(2)} s  (${ratio.toFixed(2)}x; goal ≤ ${GOAL}x)`);
  process.exitCode = ratio <= GOAL ? 0 : 1;
} finally {
  for (const w of workers) w.kill('SIGKILL');
  server.kill('SIGTERM');
}
