// The value of contrastive pretraining with few labels, on bundled datasets: validation accuracy of a
// model trained from scratch and of one pretrained (SCARF views, NT-Xent) then fine-tuned, at 5% and at
// 100% of the training labels, over several seeds. Runs the built CLI: `npm run build && node bench/pretrain.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const seeds = (process.env.SEEDS ?? '0,1,2,3,4').split(',');
const datasets = (process.env.DATASETS ?? 'breast_cancer,wine').split(',');

function accuracy(csv, seed, fraction, pretrain) {
  const args = ['train', join(root, 'test', 'data', `${csv}.csv`), '--hidden', '64,64', '--epochs', '50'];
  args.push(
    '--seed',
    seed,
    '--label-fraction',
    String(fraction),
    '--out',
    mkdtempSync(join(tmpdir(), 'pt-')),
    '--json',
  );
  if (pretrain) args.push('--pretrain', 'info_nce', '--pretrain-epochs', '20');
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)).final.metrics.accuracy;
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));
console.log('| dataset | labels | from scratch | pretrained |');
console.log('| --- | --- | --- | --- |');
for (const csv of datasets)
  for (const fraction of [0.05, 1]) {
    const cell = (pretrain) => {
      const a = seeds.map((s) => accuracy(csv, s, fraction, pretrain));
      return `${mean(a).toFixed(3)} ± ${sd(a).toFixed(3)}`;
    };
    console.log(`| ${csv} | ${fraction * 100}% | ${cell(false)} | ${cell(true)} |`);
  }
