/**
 * Generate runs from the command line, checked against independent computations: the baselines' figures
 * against the held-out rows' own distance from the training rows (what a sampler of the training rows'
 * marginals gives, up to its draw), and `losslab sample`'s rows (header, labels, seeds, their statistics
 * against the run's recorded quality), all read from the CSV and preprocessing.json with plain code.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { experimentTemplate } from '../../src/core/experimentTemplate';
import { dataset, lastJson, losslab, tempDir } from './run';

const WINE = dataset('wine.csv');
const header = readFileSync(WINE, 'utf8').trim().split('\n')[0].split(',');
const body = readFileSync(WINE, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));
const LABEL = header.length - 1;

/** sup |F_a − F_b| over every value of either sample. */
function ks(a: number[], b: number[]): number {
  const cdf = (s: number[], v: number) => s.filter((x) => x <= v).length / s.length;
  return Math.max(...[...a, ...b].map((v) => Math.abs(cdf(a, v) - cdf(b, v))));
}

function tvd(a: string[], b: string[]): number {
  const share = (s: string[], l: string) => s.filter((x) => x === l).length / s.length;
  return 0.5 * [...new Set([...a, ...b])].reduce((s, l) => s + Math.abs(share(a, l) - share(b, l)), 0);
}

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

/** Mean KS over the numeric columns and TVD of the label, of rows `a` against rows `b` (cells as in the CSV). */
function distances(a: string[][], b: string[][]): { ks: number; tvd: number } {
  const col = (rows: string[][], j: number) => rows.map((r) => Number(r[j]));
  return {
    ks: mean(header.slice(0, LABEL).map((_, j) => ks(col(a, j), col(b, j)))),
    tvd: tvd(
      a.map((r) => r[LABEL]),
      b.map((r) => r[LABEL]),
    ),
  };
}

interface Run {
  dir: string;
  summary: { final: { metrics: Record<string, number> }; baselines: Record<string, Record<string, number>> };
  train: string[][];
  val: string[][];
}

/** A short VAE run on wine.csv in `cwd`, and its rows split as preprocessing.json says (every row kept). */
function trainWine(cwd: string, args: string[]): Run {
  const r = losslab(['train', WINE, '--task', 'generate', '--hidden', '16', '--json', ...args], cwd);
  assert.equal(r.code, 0, r.stderr);
  const dir = join(cwd, lastJson(r).run_dir as string);
  const p = JSON.parse(readFileSync(join(dir, 'preprocessing.json'), 'utf8')) as { val: number[] };
  const val = new Set(p.val);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  return { dir, summary, train: body.filter((_, i) => !val.has(i)), val: body.filter((_, i) => val.has(i)) };
}

let cwd = '';
let vae: Run;
before(() => {
  cwd = tempDir();
  vae = trainWine(cwd, ['--epochs', '5', '--seed', '0']);
});

test("the baselines score as the held-out rows' distance from the training rows, up to the draw", () => {
  const floor = distances(vae.val, vae.train);
  // 2000 drawn rows: the draw's own share of a figure is about 0.02; with 36 drawn rows it was 0.19 here.
  for (const name of ['independent', 'gaussian_copula']) {
    const b = vae.summary.baselines[name];
    assert.ok(Math.abs(b.tvd_mean - floor.tvd) < 0.04, `${name} tvd ${b.tvd_mean} vs ${floor.tvd}`);
    assert.ok(Math.abs(b.ks_mean - floor.ks) < 0.04, `${name} ks ${b.ks_mean} vs ${floor.ks}`);
  }
});

/** `losslab sample` into `file` in `cwd`; its rows as cells. */
function sample(dir: string, file: string, args: string[]): string[][] {
  const r = losslab(['sample', dir, '-o', file, ...args], cwd);
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(join(cwd, file), 'utf8').trim().split('\n');
  assert.deepEqual(lines[0].split(','), header);
  return lines.slice(1).map((l) => l.split(','));
}

test("sample writes the CSV's header, numbers and the label column's own labels; the same seed the same file", () => {
  const rows = sample(vae.dir, 'a.csv', ['-n', '300', '--seed', '7']);
  assert.equal(rows.length, 300);
  const labels = new Set(body.map((r) => r[LABEL]));
  for (const r of rows) {
    assert.ok(labels.has(r[LABEL]), r[LABEL]);
    for (const cell of r.slice(0, LABEL)) assert.ok(Number.isFinite(Number(cell)), cell);
  }
  // The file is replaced, as report and export replace theirs.
  sample(vae.dir, 'b.csv', ['-n', '300', '--seed', '7']);
  assert.equal(readFileSync(join(cwd, 'b.csv'), 'utf8'), readFileSync(join(cwd, 'a.csv'), 'utf8'));
  sample(vae.dir, 'b.csv', ['-n', '300', '--seed', '8']);
  assert.notEqual(readFileSync(join(cwd, 'b.csv'), 'utf8'), readFileSync(join(cwd, 'a.csv'), 'utf8'));
});

test("sampled rows are as far from the held-out rows as the run's recorded quality says", () => {
  const rows = sample(vae.dir, 'big.csv', ['-n', '2000', '--seed', '11']);
  const d = distances(rows, vae.val);
  const m = vae.summary.final.metrics;
  // Both from 2000 drawn rows (the recorded ones with the run's own draws): within their sampling error.
  assert.ok(Math.abs(d.ks - m.ks_mean) < 0.04, `ks ${d.ks} vs recorded ${m.ks_mean}`);
  assert.ok(Math.abs(d.tvd - m.tvd_mean) < 0.05, `tvd ${d.tvd} vs recorded ${m.tvd_mean}`);
});

test('sample works for every GAN loss (rows from the generator, not the critic)', () => {
  for (const loss of ['gan_minimax', 'gan_nonsaturating', 'lsgan', 'hinge_gan', 'wgan', 'wgan_gp']) {
    const run = trainWine(cwd, ['--loss', loss, '--epochs', '1', '--seed', '2']);
    const rows = sample(run.dir, `${loss}.csv`, ['-n', '20']);
    assert.equal(rows.length, 20, loss);
    for (const r of rows) assert.ok(Number.isFinite(Number(r[0])) && r[LABEL].startsWith('cultivar_'), loss);
  }
});

test('sample refuses in one line: a run that is not generate, a bad -n, no -n', () => {
  const iris = losslab(['train', dataset('iris.csv'), '--target', 'species', '--epochs', '1', '--json'], cwd);
  const irisDir = join(cwd, lastJson(iris).run_dir as string);
  const cases: [string[], RegExp][] = [
    [[irisDir, '-n', '5'], /is a multiclass run; rows are sampled from a run trained with --task generate/],
    [[vae.dir, '-n', '0', '-o', 'synth.csv'], /-n must be a positive integer, got '0'/],
    [[vae.dir, '-n', '2.5'], /-n must be a positive integer, got '2.5'/],
    [[vae.dir], /needs the number of rows: -n N/],
    [[], /takes one run folder/],
  ];
  for (const [args, message] of cases) {
    const r = losslab(['sample', ...args], cwd);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.ok(!existsSync(join(cwd, 'synth.csv')));
});

test('a generate sweep over lr, loss and beta ranks by c2st_auc (or --metric ks_mean), lowest first', () => {
  const sweep = (args: string[]) => {
    const r = losslab(
      ['sweep', WINE, '--task', 'generate', '--hidden', '8', '--epochs', '1', '--json', '--quiet', ...args],
      cwd,
    );
    assert.equal(r.code, 0, r.stderr);
    return lastJson<{
      metric: { name: string; lower_is_better: boolean };
      runs: { final: { metrics: Record<string, number> } }[];
    }>(r);
  };
  const ascending = (v: number[]) => v.every((x, i) => i === 0 || v[i - 1] <= x);
  const byAuc = sweep(['--lr', '0.001,0.01', '--loss', 'vae,lsgan']);
  assert.deepEqual(byAuc.metric, { name: 'c2st_auc', lower_is_better: true });
  const aucs = byAuc.runs.map((r) => r.final.metrics.c2st_auc);
  assert.equal(aucs.length, 4);
  assert.ok(ascending(aucs), `${aucs}`);
  // --beta alone sets the default generate loss's (the VAE's) beta.
  const byKs = sweep(['--beta', '0.5,1,2', '--metric', 'ks_mean']);
  const ks = byKs.runs.map((r) => r.final.metrics.ks_mean);
  assert.equal(ks.length, 3);
  assert.ok(ascending(ks), `${ks}`);
});

test('losslab runs lists a generate run by its c2st_auc; the report shows its quality beside the baselines', () => {
  const runs = losslab(['runs'], cwd);
  const id = vae.dir.split('/').at(-1)!;
  const line = runs.stdout.split('\n').find((l) => l.startsWith(id));
  assert.match(line ?? '', new RegExp(`vae .* c2st_auc ${vae.summary.final.metrics.c2st_auc.toFixed(4)}$`));
  const r = losslab(['report', id, '-o', 'report.html'], cwd);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(join(cwd, 'report.html'), 'utf8');
  const row = (label: string, m: Record<string, number>) =>
    `<th>${label}</th>${['c2st_auc', 'ks_mean', 'tvd_mean', 'corr_diff'].map((k) => `<td>${m[k].toFixed(3)}</td>`).join('')}`;
  assert.ok(html.includes(row('wine (vae)', vae.summary.final.metrics)), 'the run');
  for (const [name, m] of Object.entries(vae.summary.baselines))
    assert.ok(html.includes(row(`${name} baseline`, m)), name);
});

test("New experiment's generate comparison (minimax, non-saturating, WGAN-GP, VAE) trains on the CSV as written", () => {
  // The template's 200 epochs cut to 1: what is checked is that every run of the file trains.
  const text = experimentTemplate(WINE, 'cultivar', 'generate').replace('"epochs": 200', '"epochs": 1');
  writeFileSync(join(cwd, 'gan.losslab.json'), text);
  const r = losslab(['run', 'gan.losslab.json', '--json', '--quiet'], cwd);
  assert.equal(r.code, 0, r.stderr);
  const runs = lastJson<{
    runs: { status: string; loss: { name: string }; final: { metrics: Record<string, number> } }[];
  }>(r).runs;
  assert.deepEqual(
    runs.map((x) => [x.loss.name, x.status]),
    ['gan_minimax', 'gan_nonsaturating', 'wgan_gp', 'vae'].map((l) => [l, 'completed']),
  );
  for (const x of runs) assert.ok(x.final.metrics.c2st_auc >= 0 && x.final.metrics.c2st_auc <= 1);
});
