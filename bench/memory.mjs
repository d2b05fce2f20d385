// Memory benchmark: the peak resident memory (GNU time's maximum resident set) of `losslab train` on a
// 10M × 21 numeric CSV (2 GB; LOSSLAB_BENCH_MEMORY_ROWS changes the rows), an MLP 20-64-1 at batch 4096 for
// one epoch with the default validation split, against pandas `read_csv` + PyTorch tensors training the same
// network (memory_torch.py). Alternating rounds, the lowest peak of each and its wall time. Not part of a
// plain `npm run bench` (writing the 2 GB file takes minutes once): `npm run bench -- memory`, or
// LOSSLAB_BENCH_MEMORY=1 to add it to the full run. Needs `npm run build` and /usr/bin/time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { numericCsv } from './data.mjs';
import { findPython } from './python.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const ROWS = Number(process.env.LOSSLAB_BENCH_MEMORY_ROWS ?? 10_000_000);
const REPS = Number(process.env.LOSSLAB_BENCH_REPS ?? 2);
const BATCH = 4096;
const HIDDEN = 64;

/** Runs `args` under GNU time: its peak resident set in MB (kB ÷ 1000, as elsewhere), wall seconds and stdout. */
function timed(args) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.slice(0, 3).join(' ')} failed: ${r.stderr}`);
  const peak = (Number(r.stderr.trim().split('\n').at(-1)) * 1024) / 1e6;
  return { peak, wall, out: JSON.parse(r.stdout.trim().split('\n').at(-1)) };
}

function losslab(csv, out) {
  const args = ['--hidden', String(HIDDEN), '--batch-size', String(BATCH), '--epochs', '1', '--lr', '0.01'];
  const r = timed([process.execPath, CLI, 'train', csv, ...args, '--json', '--quiet', '--out', out]);
  return { ...r, read: r.out.timing.load_s, train: r.out.timing.train_s };
}

function torch(python, csv) {
  const script = join(ROOT, 'bench', 'memory_torch.py');
  const r = timed([python, script, csv, '--batch-size', String(BATCH), '--hidden', String(HIDDEN)]);
  return { ...r, read: r.out.read_s, train: r.out.train_s };
}

if (!existsSync(CLI)) {
  console.error('bench/memory.mjs needs the built CLI: run npm run build first');
  process.exit(1);
}
if (!existsSync('/usr/bin/time')) {
  console.log('memory: /usr/bin/time not found, peak memory not measured');
  process.exit(0);
}
const csv = await numericCsv(ROWS);
const python = findPython('torch');
const out = mkdtempSync(join(tmpdir(), 'losslab-bench-memory-'));
const gb = (mb) => `${(mb / 1000).toFixed(2)} GB`;
const s = (t) => `${t.toFixed(1)} s`;
const load = () => loadavg()[0].toFixed(1);
console.log(
  `memory: ${ROWS} rows × 21 (${(statSync(csv).size / 1e9).toFixed(2)} GB), MLP 20-${HIDDEN}-1, batch ${BATCH}, 1 epoch, one thread, lowest peak of ${REPS}` +
    (python ? '' : ' (PyTorch not found: set PYTHON to a python3 with pandas and torch for the peer)'),
);
try {
  const ours = [];
  const theirs = [];
  const loads = [load()];
  for (let rep = 0; rep < REPS; rep++) {
    ours.push(losslab(csv, out));
    if (python) theirs.push(torch(python, csv));
    loads.push(load());
  }
  const lowest = (rs) => rs.reduce((a, b) => (b.peak < a.peak ? b : a));
  const show = (name, r) =>
    `  ${name}: peak RSS ${gb(r.peak)}, ${s(r.wall)} in all (reading and preparing ${s(r.read)}, the epoch ${s(r.train)})`;
  const o = lowest(ours);
  console.log(show('losslab train', o));
  if (python) {
    const t = lowest(theirs);
    console.log(show('pandas + PyTorch', t));
    console.log(
      `  peak ÷ pandas + PyTorch: ${(o.peak / t.peak).toFixed(2)}×; wall time ${(o.wall / t.wall).toFixed(2)}×`,
    );
  }
  console.log(`  load average (1 min) across the rounds: ${loads.join(', ')}; goal: peak below 4 GB`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
