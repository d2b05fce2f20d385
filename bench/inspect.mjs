// The inspect benchmark: `losslab inspect --json` on the 1M × 21 file, the whole process (start, read, every
// column described with exact distinct counts, the task inferred, exit) against pandas reading the same file
// and computing describe(), nunique() and isna().sum() (timed inside Python, so its start and imports are not
// counted against it). Alternating rounds, best of LOSSLAB_BENCH_REPS (3); CPU time (user + system) beside
// wall time, since other work on the machine stretches wall time far more than CPU time.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { numericCsv } from './data.mjs';
import { findPython } from './python.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const REPS = Number(process.env.LOSSLAB_BENCH_REPS ?? 3);
const TIME = '/usr/bin/time';

if (!existsSync(CLI)) {
  console.error('bench/inspect.mjs needs the built CLI: run npm run build first');
  process.exit(1);
}

/** Wall and CPU seconds and peak RSS (MB) of a command, from GNU time when there is one. */
function timed(cmd, args) {
  const t0 = performance.now();
  const r = existsSync(TIME)
    ? spawnSync(TIME, ['-f', '%U %S %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const [user, sys, kb] = existsSync(TIME)
    ? r.stderr.trim().split('\n').at(-1).split(' ').map(Number)
    : [NaN, NaN, NaN];
  return { wall, cpu: user + sys, peak: kb / 1024, stdout: r.stdout };
}

const csv = await numericCsv();
const python = findPython('pandas');
const ours = [];
const pandas = [];
const load = [];
for (let rep = 0; rep < REPS; rep++) {
  load.push(loadavg()[0]);
  ours.push(timed(process.execPath, [CLI, 'inspect', csv, '--json']));
  if (python) {
    const r = timed(python, [join(ROOT, 'bench', 'inspect_pandas.py'), csv]);
    pandas.push({ ...r, inner: JSON.parse(r.stdout.trim().split('\n').at(-1)) });
  }
}
const best = (xs, f) => Math.min(...xs.map(f));
const s = (t) => `${t.toFixed(2)} s`.padStart(9);
console.log(
  `inspect: 1M × 21 (${(statSync(csv).size / 1e6).toFixed(1)} MB), best of ${REPS}; ${cpus()[0]?.model.trim()} × ${cpus().length}, ` +
    `Node ${process.version}, load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}`,
);
const oursWall = best(ours, (r) => r.wall);
console.log(`${''.padEnd(46)}${'wall'.padStart(9)}${'CPU'.padStart(9)}${'peak RSS'.padStart(10)}`);
const row = (name, wall, cpu, peak) =>
  console.log(`${name.padEnd(46)}${s(wall)}${s(cpu)}${`${Math.round(peak)} MB`.padStart(10)}`);
row(
  'losslab inspect --json, whole process',
  oursWall,
  best(ours, (r) => r.cpu),
  ours[0].peak,
);
if (!python) {
  console.log('inspect: pandas not found (python3 with pandas, or set PYTHON): no ratio');
  process.exit(0);
}
const inner = best(pandas, (r) => r.inner.seconds);
row(`pandas ${pandas[0].inner.pandas}: read_csv + describe + nunique + isna`, inner, NaN, pandas[0].peak);
row(
  '  the same, whole process (start, imports)',
  best(pandas, (r) => r.wall),
  best(pandas, (r) => r.cpu),
  pandas[0].peak,
);
console.log(
  `inspect: losslab ÷ pandas ${(oursWall / inner).toFixed(2)}× (goal ≤ 0.5×); ` +
    `CPU time ÷ pandas' whole process ${(best(ours, (r) => r.cpu) / best(pandas, (r) => r.cpu)).toFixed(2)}×`,
);
