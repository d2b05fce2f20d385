// Reading benchmark: a 1M × 21 numeric CSV (6 decimals, about 200 MB) read by Loss Lab (`loadCsv` on all
// cores and on one, and `losslab inspect --json`, whose timing.read_s the checks use) and by its peers:
// pandas.read_csv (and into a PyTorch tensor) through python3, d3-dsv and papaparse. Every contender runs
// in a process of its own, once per round, the rounds alternating; the best of LOSSLAB_BENCH_REPS
// (default 3) counts, as other work on the machine only ever slows a run. Peak memory is the first run's.
// Then a larger check of number parsing: millions of random decimals against Number().
// Needs `npm run build` first; python3 with pandas is optional (set PYTHON to choose one).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';
import { freeCores } from './cores.mjs';
import { findPython } from './python.mjs';
import { CACHE, COLS, numericCsv, ROWS } from './data.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const REPS = Number(process.env.LOSSLAB_BENCH_REPS ?? 3);
const NUMBERS = Number(process.env.LOSSLAB_BENCH_NUMBERS ?? 5_000_000);
const HEAP = '--max-old-space-size=16384';

if (!existsSync(CLI)) {
  console.error('bench/read.mjs needs the built CLI: run npm run build first');
  process.exit(1);
}

const json = (text) => JSON.parse(text.trim().split('\n').at(-1));
const run = (cmd, args) => json(execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 }));

/** Loss Lab's side, bundled from the sources with the chunk worker beside it. */
async function bundleOurs() {
  const dir = join(CACHE, 'build');
  await bundle(join(ROOT, 'src', 'io', 'csv', 'parseWorker.ts'), join(dir, 'csvWorker.js'));
  return bundle(join(ROOT, 'bench', 'read-ours.ts'), join(dir, 'read-ours.js'));
}

/** `losslab inspect --json`: its own timing.read_s, and the whole command's wall time and peak RSS (GNU time). */
function inspect(csv) {
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const t0 = performance.now();
  const r = time
    ? spawnSync(time, ['-f', '%M', process.execPath, CLI, 'inspect', csv, '--json'], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      })
    : spawnSync(process.execPath, [CLI, 'inspect', csv, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`losslab inspect failed: ${r.stderr}`);
  const peak = time ? Number(r.stderr.trim().split('\n').at(-1)) / 1024 : NaN;
  return { read_s: json(r.stdout).timing.read_s, wall_s: wall, peak_rss_mb: peak };
}

const csv = await numericCsv();
const mb = statSync(csv).size / 1e6;
const ours = await bundleOurs();
const python = findPython('pandas');
const tiny = join(CACHE, 'tiny.csv');
writeFileSync(tiny, 'a,b\n1,2\n3,4\n');

const results = { ours2: [], ours1: [], inspect: [], pandas: [], d3: [], papaparse: [] };
let pyInfo = null;
for (let rep = 0; rep < REPS; rep++) {
  results.ours2.push(run(process.execPath, [ours, 'read', csv, '2', '1']));
  results.ours1.push(run(process.execPath, [ours, 'read', csv, '0', '1']));
  results.inspect.push(inspect(csv));
  if (python) {
    pyInfo = run(python, [join(ROOT, 'bench', 'read_pandas.py'), csv, '1']);
    results.pandas.push(pyInfo);
  }
  for (const peer of ['d3', 'papaparse'])
    results[peer].push(run(process.execPath, [HEAP, join(ROOT, 'bench', 'read_peers.mjs'), peer, csv, '1']));
}
const baseline = run(process.execPath, [ours, 'read', tiny, '2', '1']).peak_rss_mb;
const speedup = await freeCores();
const numbers = run(process.execPath, [HEAP, ours, 'numbers', String(NUMBERS)]);

const version = (pkg) => JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const best = (xs, key = 'read_s') => Math.min(...xs.map((x) => x[key]));
const first = (xs) => xs[0]?.peak_rss_mb ?? NaN;
const columnsMb = (ROWS * COLS * 8 + ROWS * 4) / 1e6;
const ourBest = best(results.ours2);
const pandas = python ? best(results.pandas) : null;
const f = (t) => `${t.toFixed(2)} s`.padStart(8);
const m = (x) => (Number.isFinite(x) ? `${Math.round(x)} MB` : 'n/a').padStart(8);
const ratio = (a, b) => (b === null ? '' : `${(a / b).toFixed(2)}×`.padStart(8));

const cpu = cpus();
console.log(
  `read: ${ROWS.toLocaleString('en')} rows × ${COLS} numeric columns, 6 decimals (${mb.toFixed(1)} MB), best of ${REPS}; ` +
    `${cpu[0]?.model.trim()} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at the end`,
);
if (!existsSync(join(ROOT, 'dist', 'csvWorker.js')))
  console.log(
    'read: dist/csvWorker.js is missing (scripts/build.mjs builds it from src/io/csv/parseWorker.ts): losslab inspect reads on one thread',
  );
if (!python) console.log('read: pandas not found (python3 with pandas, or set PYTHON): no pandas or PyTorch figures');
console.log(
  `${'read'.padEnd(40)}${'time'.padStart(8)}${'÷ pandas'.padStart(10)}${'losslab ÷'.padStart(11)}${'peak RSS'.padStart(10)}`,
);
const row = (name, t, peak, note = '') =>
  console.log(
    `${name.padEnd(40)}${f(t)}${ratio(t, pandas).padStart(10)}${ratio(ourBest, t).padStart(11)}${m(peak).padStart(10)}${note}`,
  );
row(
  `losslab loadCsv, ${results.ours2[0].parallel ? '2 worker threads' : 'one thread (no worker script!)'}`,
  ourBest,
  first(results.ours2),
);
row('losslab loadCsv, one thread', best(results.ours1), first(results.ours1));
row(
  'losslab inspect --json: timing.read_s',
  best(results.inspect),
  first(results.inspect),
  `  (whole command ${best(results.inspect, 'wall_s').toFixed(2)} s)`,
);
if (python) {
  row(`pandas ${pyInfo.pandas} read_csv`, pandas, first(results.pandas));
  if (pyInfo.torch) row(`pandas read_csv → torch ${pyInfo.torch} tensor`, best(results.pandas, 'torch_read_s'), NaN);
  else console.log('read: PyTorch not found next to pandas: no tensor figure');
}
row(`d3-dsv ${version('d3-dsv')} csvParseRows + Number`, best(results.d3), first(results.d3));
row(`papaparse ${version('papaparse')} dynamicTyping`, best(results.papaparse), first(results.papaparse));
console.log(
  `read: two threads of plain arithmetic ran ${speedup.toFixed(2)}× as fast as one, in this run: the cores there were to share`,
);
console.log(
  `read: typed columns ${columnsMb.toFixed(0)} MB (Float64Array per column, Int32Array of lines); a process reading a 3-line file peaks at ${Math.round(baseline)} MB`,
);
console.log(
  `read: ${numbers.count.toLocaleString('en')} random decimals (exponents, 17+ digit mantissas, subnormals, signs, leading zeros): ` +
    (numbers.wrong === 0
      ? 'every one the double Number() gives'
      : `${numbers.wrong} differ from Number(), e.g. ${numbers.example}`),
);
if (numbers.wrong) process.exitCode = 1;
