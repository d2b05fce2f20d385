// The benchmarks of the kinds of learning beyond one target: ranking by groups (ranknet, listnet,
// lambdarank), multitask with uncertainty weighting, contrastive pretraining (info_nce), L-BFGS, generating
// rows (a VAE, a WGAN-GP) and sequence labelling with a CRF, each `losslab train --json` (its
// timing.train_s) against the same network, loss and optimizer in PyTorch (`bench/tasks_torch.py`), float64,
// one thread each, alternating rounds, best of LOSSLAB_BENCH_REPS (3).
// Every run: hidden 64,64 (ReLU), Adam at 0.01 (L-BFGS at lr 1), batches of 32 (of queries when ranking, of
// sequences when labelling), the defaults of `losslab train` otherwise; each epoch followed by scoring every
// row (the held-out rows for a generate run, which keeps the default validation split).
// A generate run also scores its two baselines before the first step and the quality of sampled rows at its
// last epoch (KS, correlations, a two-sample classifier), which the PyTorch peer does not: the line gives
// timing.train_s whole and without those two spans (from the run's step and epoch events).
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE, numericCsv, rng } from './data.mjs';
import { findPython } from './python.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const REPS = Number(process.env.LOSSLAB_BENCH_REPS ?? 3);
const HIDDEN = '64,64';

/** A CSV of `rows` lines from `line(i)` under `header`, written once into the cache folder. */
async function cached(name, header, rows, line) {
  const file = join(CACHE, name);
  if (existsSync(file)) return file;
  const out = createWriteStream(file);
  out.write(header + '\n');
  for (let i = 0; i < rows; i++) if (!out.write(line(i) + '\n')) await new Promise((r) => out.once('drain', r));
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
  return file;
}

/** 4,000 queries of 5 to 20 rows (about 50,000), 10 features, grades 0–4 from a noisy hidden score. */
function rankingCsv() {
  const rand = rng(7);
  const rows = [];
  for (let q = 0; q < 4000; q++)
    for (let k = 5 + Math.floor(rand() * 16); k > 0; k--) {
      const x = Array.from({ length: 10 }, () => rand() * 2 - 1);
      const score = x[0] + 0.5 * x[1] - 0.5 * x[2] + 0.3 * (rand() - 0.5);
      rows.push([q, ...x.map((v) => v.toFixed(5)), Math.max(0, Math.min(4, Math.floor((score + 1) * 2.5)))].join(','));
    }
  const header = ['qid', ...Array.from({ length: 10 }, (_, j) => `x${j + 1}`), 'grade'].join(',');
  return cached('ranking-4000q.csv', header, rows.length, (i) => rows[i]);
}

/** 100,000 rows of 20 features, a continuous target and a binary one. */
function multitaskCsv() {
  const rand = rng(11);
  const header = [...Array.from({ length: 20 }, (_, j) => `x${j + 1}`), 'y1', 'y2'].join(',');
  return cached('multitask-100000.csv', header, 100_000, () => {
    const x = Array.from({ length: 20 }, () => rand() * 2 - 1);
    const y1 = x[0] - x[1] + 0.1 * rand();
    return [...x.map((v) => v.toFixed(5)), y1.toFixed(5), x[2] + x[3] > 0 ? 1 : 0].join(',');
  });
}

/**
 * 4,000 sentences of 5 to 30 tokens (about 70,000), 10 features, 9 tags (0 = O, then B- and I- of four
 * entity types) from a Markov chain in which an I- tag only follows its B- or I-; each token's features
 * are its tag's mean plus noise.
 */
function sequenceCsv() {
  const rand = rng(13);
  const means = Array.from({ length: 9 }, () => Array.from({ length: 10 }, () => rand() * 2 - 1));
  const next = (tag) => {
    const inside = tag > 0 && rand() < 0.6;
    if (inside) return tag % 2 === 1 ? tag + 1 : tag; // B-k (odd) → I-k, I-k stays
    return rand() < 0.7 ? 0 : 1 + 2 * Math.floor(rand() * 4);
  };
  const rows = [];
  for (let s = 0; s < 4000; s++) {
    let tag = next(0);
    for (let k = 5 + Math.floor(rand() * 26); k > 0; k--, tag = next(tag))
      rows.push([s, ...means[tag].map((m) => (m + 0.8 * (rand() - 0.5)).toFixed(5)), tag].join(','));
  }
  const header = ['sentence', ...Array.from({ length: 10 }, (_, j) => `x${j + 1}`), 'tag'].join(',');
  return cached('sequence-4000s.csv', header, rows.length, (i) => rows[i]);
}

const CASES = [
  ...['ranknet', 'listnet', 'lambdarank'].map((loss) => ({
    name: `ranking, ${loss}`,
    mode: loss,
    data: rankingCsv,
    ours: ['--group', 'qid', '--target', 'grade', '--loss', loss, '--epochs', '2'],
    theirs: ['--epochs', '2'],
  })),
  {
    name: 'multitask, uncertainty weighting',
    mode: 'uncertainty',
    data: multitaskCsv,
    ours: ['--task', 'multitask', '--target', 'y1,y2', '--task-weighting', 'uncertainty', '--epochs', '2'],
    theirs: ['--epochs', '2'],
  },
  {
    name: 'info_nce pretraining (2 epochs) + 1 epoch',
    mode: 'info_nce',
    data: () => numericCsv(100_000),
    ours: ['--pretrain', 'info_nce', '--pretrain-epochs', '2', '--epochs', '1'],
    theirs: ['--pretrain-epochs', '2', '--epochs', '1'],
  },
  {
    name: 'L-BFGS, full batch, 2 steps',
    mode: 'lbfgs',
    data: () => numericCsv(20_000),
    ours: ['--optimizer', 'lbfgs', '--batch-size', 'full', '--lr', '1', '--epochs', '2'],
    theirs: ['--epochs', '2', '--lr', '1'],
  },
  ...['vae', 'wgan_gp'].map((loss) => ({
    name: `generate, ${loss}, 2 epochs`,
    mode: loss,
    data: () => numericCsv(20_000),
    // The default validation split: its rows are what a generate run scores its samples against.
    ours: ['--task', 'generate', '--loss', loss, '--val-split', '0.2', '--epochs', '2'],
    theirs: ['--epochs', '2'],
    generate: true,
  })),
  {
    name: 'sequence, crf, 2 epochs',
    mode: 'crf',
    data: sequenceCsv,
    ours: ['--task', 'sequence', '--sequence', 'sentence', '--target', 'tag', '--loss', 'crf', '--epochs', '2'],
    theirs: ['--epochs', '2'],
  },
];

const last = (text) => JSON.parse(text.trim().split('\n').at(-1));

/** timing.train_s of one run, and that time without what happens before its first step and after its last. */
function losslab(csv, flags, out) {
  const split = flags.includes('--val-split') ? [] : ['--val-split', '0'];
  const args = [CLI, 'train', csv, '--hidden', HIDDEN, ...split, '--json', '--quiet', '--out', out];
  const r = last(execFileSync(process.execPath, [...args, ...flags], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  if (r.status !== 'completed') throw new Error(`losslab train ${flags.join(' ')}: ${r.status} ${r.message ?? ''}`);
  const events = readFileSync(join(r.run_dir, 'events.jsonl'), 'utf8').trim().split('\n').map(JSON.parse);
  const steps = events.filter((e) => e.type === 'step');
  const end = events.filter((e) => e.type === 'epoch').at(-1).elapsed;
  // The first step's own time is counted out with the baselines: a few milliseconds.
  const steps_s = r.timing.train_s - steps[0].elapsed - (end - steps.at(-1).elapsed);
  rmSync(r.run_dir, { recursive: true, force: true });
  const { parameters, totalSteps } = events[0];
  return { train_s: r.timing.train_s, steps_s, shape: { params: parameters, steps: totalSteps } };
}

if (!existsSync(CLI)) {
  console.error('bench/tasks.mjs needs the built CLI: run npm run build first');
  process.exit(1);
}
const python = findPython('torch');
const only = process.env.LOSSLAB_BENCH_TASKS?.split(',');
const out = mkdtempSync(join(tmpdir(), 'losslab-bench-tasks-'));
console.log(
  `tasks: hidden ${HIDDEN} (ReLU), float64, one thread, best of ${REPS}, load average ${loadavg()[0].toFixed(1)} at the start` +
    (python ? '' : ' (PyTorch not found: set PYTHON to a python3 with torch for the peer)'),
);
try {
  for (const c of CASES.filter((c) => !only || only.includes(c.mode))) {
    const csv = await c.data();
    const ours = [];
    const theirs = [];
    let peerShape = null;
    for (let rep = 0; rep < REPS; rep++) {
      ours.push(losslab(csv, c.ours, out));
      if (!python) continue;
      const args = [join(ROOT, 'bench', 'tasks_torch.py'), c.mode, csv, ...c.theirs];
      const r = last(execFileSync(python, args, { encoding: 'utf8' }));
      theirs.push(r.train_s);
      if (r.params !== undefined) peerShape = { params: r.params, steps: r.steps };
    }
    const t = Math.min(...ours.map((o) => o.train_s));
    const peer = python ? Math.min(...theirs) : null;
    const ratio = (v) => (peer === null ? '' : ` (${(v / peer).toFixed(2)}×)`);
    const alone = Math.min(...ours.map((o) => o.steps_s));
    console.log(
      `tasks ${c.name.padEnd(44)} losslab ${t.toFixed(2)} s` +
        (peer === null ? '' : `, PyTorch ${peer.toFixed(2)} s, ratio ${(t / peer).toFixed(2)} (goal ≤ 1.0)`) +
        (c.generate ? `; without the baselines and the last epoch's quality ${alone.toFixed(2)} s${ratio(alone)}` : ''),
    );
    // Both sides must have trained the same networks for as many steps.
    if (peerShape) {
      const { params, steps } = ours[0].shape;
      const same = params === peerShape.params && steps === peerShape.steps;
      console.log(
        `tasks ${''.padEnd(44)} ${same ? 'the same' : 'NOT THE SAME'}: Loss Lab ${params} parameters, ${steps} steps; ` +
          `PyTorch ${peerShape.params}, ${peerShape.steps}`,
      );
    }
  }
  console.log(`tasks: load average ${loadavg()[0].toFixed(1)} at the end`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
