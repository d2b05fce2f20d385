import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { SharedData } from '../../src/runs/sharedData';
import { alternatives } from '../../src/cli/sweep';
import type { HostToWebview } from '../../src/protocol/webview';
import { RunManager } from '../../src/runs/runManager';
import { fixturePath } from '../core/fixtures';
import { type CliResult, type RunJson, dataset, lastJson, losslab, tempDir, workspace } from './run';

interface SweepJson {
  experiment: string;
  metric: { name: string; lower_is_better: boolean };
  workers: number;
  runs: (RunJson & { sweep: Record<string, unknown>; metric: number | null })[];
  best: (RunJson & { sweep: Record<string, unknown> }) | null;
}

const sweep = (args: string[], cwd?: string): CliResult => losslab(['sweep', ...args, '--quiet'], cwd);

test('a flag value lists alternatives with commas; brackets and parentheses keep theirs', () => {
  assert.deepEqual(alternatives('0.1,0.01, 1e-3'), ['0.1', '0.01', '1e-3']);
  assert.deepEqual(alternatives('[64,64],[32],[]'), ['[64,64]', '[32]', '[]']);
  assert.deepEqual(alternatives('max(pred, target) - target,abs(pred - target)'), [
    'max(pred, target) - target',
    'abs(pred - target)',
  ]);
  assert.deepEqual(alternatives('sgd'), ['sgd']);
  assert.throws(() => alternatives('0.1,,0.2'), /empty value between commas/);
});

test('a grid from comma-separated flags: every combination, ranked by accuracy, best first', () => {
  const out = join(tempDir(), 'runs');
  const r = sweep([
    dataset('iris.csv'),
    '--lr',
    '0.1,0.01',
    '--loss',
    'cross_entropy,focal',
    '--epochs',
    '3',
    '--workers',
    '2',
    '--out',
    out,
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson<SweepJson>(r);
  assert.deepEqual(j.metric, { name: 'accuracy', lower_is_better: false });
  assert.equal(j.workers, 2);
  assert.equal(j.runs.length, 4);
  const points = j.runs.map((run) => JSON.stringify([run.sweep['optimizer.lr'], run.sweep['loss.name']])).sort();
  assert.deepEqual(points, ['[0.01,"cross_entropy"]', '[0.01,"focal"]', '[0.1,"cross_entropy"]', '[0.1,"focal"]']);
  for (let i = 1; i < j.runs.length; i++) assert.ok(j.runs[i - 1].metric! >= j.runs[i].metric!, 'ranked');
  assert.deepEqual(j.best, j.runs[0]);
  for (const run of j.runs) {
    assert.equal(run.status, 'completed');
    assert.equal(run.final!.metrics.accuracy, run.metric);
    assert.equal(run.loss.name, run.sweep['loss.name']);
    assert.equal(run.optimizer.lr, run.sweep['optimizer.lr']);
    assert.equal(run.history.train_loss.length, 3);
    assert.ok(run.run_dir && readFileSync(join(run.run_dir, 'summary.json'), 'utf8').includes('"completed"'));
  }
});

test('runs trained on the shared dataset match the same runs trained alone', () => {
  const args = ['--hidden', '[8],[4,4]', '--epochs', '4', '--seed', '3'];
  const j = lastJson<SweepJson>(
    sweep([dataset('wine.csv'), ...args, '--workers', '2', '--out', join(tempDir(), 'runs'), '--json']),
  );
  assert.deepEqual(j.runs.map((r) => r.sweep['model.hidden']).sort(), [[4, 4], [8]]);
  for (const run of j.runs) {
    const hidden = (run.sweep['model.hidden'] as number[]).join(',');
    const alone = lastJson(
      losslab([
        'train',
        dataset('wine.csv'),
        '--hidden',
        hidden,
        '--epochs',
        '4',
        '--seed',
        '3',
        '--out',
        tempDir(),
        '--json',
      ]),
    );
    assert.deepEqual(run.history, alone.history, hidden);
    assert.deepEqual(run.final, alone.final, hidden);
  }
});

test("a sweep's run records hold every step, though its workers relay only epochs", () => {
  const out = join(tempDir(), 'runs');
  const r = sweep([
    dataset('iris.csv'),
    '--lr',
    '0.1,0.01',
    '--epochs',
    '3',
    '--batch-size',
    '32',
    '--workers',
    '2',
    '--out',
    out,
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  for (const run of lastJson<SweepJson>(r).runs) {
    const events = readFileSync(join(run.run_dir!, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; trainRows?: number });
    const steps = 3 * Math.ceil(events[0].trainRows! / 32);
    assert.equal(events.filter((e) => e.type === 'step').length, steps, run.name);
    assert.equal(events.filter((e) => e.type === 'epoch').length, 3, run.name);
  }
});

test('--random K trains K distinct combinations of the grid; --metric changes the ranking', () => {
  const r = sweep([
    dataset('diabetes.csv'),
    '--lr',
    '0.1,0.03,0.01',
    '--optimizer',
    'sgd,adam',
    '--epochs',
    '2',
    '--random',
    '3',
    '--metric',
    'rmse',
    '--out',
    join(tempDir(), 'runs'),
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson<SweepJson>(r);
  assert.equal(j.runs.length, 3);
  assert.equal(new Set(j.runs.map((x) => x.name)).size, 3);
  assert.deepEqual(j.metric, { name: 'rmse', lower_is_better: true });
  for (let i = 1; i < j.runs.length; i++) assert.ok(j.runs[i - 1].metric! <= j.runs[i].metric!, 'ranked, lowest first');
});

test("an experiment file's sweep block; the table goes to stdout without --json", () => {
  const dir = workspace({
    'iris.csv': readFileSync(dataset('iris.csv')),
    'lr.losslab.json': `{
      "data": {"path": "iris.csv"},
      "training": {"epochs": 2},
      // three rates by two batch sizes
      "sweep": {"grid": {"optimizer.lr": [0.3, 0.03, 0.003], "training.batchSize": [16, "full"]}, "metric": "val_loss"}
    }`,
  });
  const r = sweep(['lr.losslab.json', '--workers', '2', '--out', join(dir, 'runs'), '--report'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^lr: 6 runs in .* on 2 workers, ranked by val_loss \(lower is better\)/);
  assert.equal(r.stdout.match(/completed/g)?.length, 6);
  assert.match(r.stdout, /lr=0\.3 batchSize=full/);
  assert.match(r.stdout, /\nbest: /);
  // Asked for, the report beside the runs folder holds the sweep the file named: its swept paths and all six runs.
  assert.ok(r.stdout.endsWith(`\nCharts: open ${join(dir, 'sweep-report.html')} in a browser\n`), r.stdout);
  const report = readFileSync(join(dir, 'sweep-report.html'), 'utf8');
  const embedded = /<script type="application\/json" id="losslab-report">([\s\S]*?)<\/script>/.exec(report)?.[1];
  const messages = JSON.parse(embedded ?? '[]') as HostToWebview[];
  const shown = messages.find((m) => m.type === 'sweep')?.sweep;
  assert.ok(shown, 'a sweep in the report');
  assert.equal(shown.name, 'lr');
  assert.deepEqual(
    shown.params.map((p) => p.path),
    ['optimizer.lr', 'training.batchSize'],
  );
  assert.equal(shown.runs.length, 6);
});

test('mistakes are reported before anything trains, naming the run and the field', () => {
  const cases: [string[], RegExp][] = [
    [[dataset('iris.csv'), '--lr', '0.1,-1'], /sweep run 'lr=-1': optimizer\.lr must be/],
    [
      [dataset('diabetes.csv'), '--loss', 'mse,focal'],
      /sweep run 'loss=focal': loss 'focal' does not fit a regression task/,
    ],
    [[dataset('iris.csv'), '--lr', '0.1'], /nothing to sweep: give a flag several comma-separated values/],
    [
      [dataset('iris.csv'), '--hidden', '8,8'],
      /model\.hidden lists \[8\] twice \(a list-valued flag writes each list in brackets/,
    ],
    [[dataset('iris.csv'), '--lr', '0.1,0.01', '--metric', 'acc'], /--metric must be one of val_loss/],
    [[dataset('iris.csv')], /nothing to sweep/],
  ];
  for (const [args, message] of cases) {
    const r = sweep([...args, '--out', tempDir()]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('a worker given the shared dataset does not read the CSV', async () => {
  const config = resolveRunConfig({ training: { epochs: 2 } }, defaultConfig(dataset('iris.csv')));
  const data = await new SharedData().get(config);
  assert.ok(data.dataset.x.buffer instanceof SharedArrayBuffer);
  const manager = new RunManager(fixturePath(join('dist', 'worker.js'), '.'), 1, () => tempDir());
  const run = manager.submit(
    { ...config, data: { ...config.data, path: join(tempDir(), 'gone.csv') } },
    null,
    null,
    data,
  );
  await new Promise<void>((resolve) => manager.on('change', () => !run.active && resolve()));
  manager.dispose();
  assert.equal(run.status, 'completed', run.error?.message);
  assert.equal(run.epochs.length, 2);
});

test('without --report a sweep writes no HTML page and says how to get one', () => {
  const dir = tempDir();
  const r = sweep([dataset('iris.csv'), '--lr', '0.1,0.01', '--epochs', '1', '--out', join(dir, 'runs')], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.endsWith('\nCharts: add --report for an HTML page of every run and the sweep card\n'), r.stdout);
  assert.ok(!existsSync(join(dir, 'sweep-report.html')));
});

test('a multitask sweep: several targets in brackets are one value, heads’ tasks one flag, the weighting an axis', () => {
  const out = join(tempDir(), 'runs');
  const r = losslab([
    'sweep',
    dataset('iris.csv'),
    '--task',
    'multitask',
    '--target',
    '[species,petal_width_(cm)]',
    '--target-task',
    'species=multiclass,petal_width_(cm)=regression',
    '--task-weighting',
    'fixed,dwa',
    '--task-weights',
    '[1,0.5]',
    '--epochs',
    '2',
    '--out',
    out,
    '--json',
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const runs = (lastJson<{ runs: RunJson[] }>(r).runs ?? []).map((j) => j.run_dir!);
  assert.equal(runs.length, 2);
  const configs = runs.map((dir) => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).config);
  for (const c of configs) {
    assert.deepEqual(c.data.target, ['species', 'petal_width_(cm)']);
    assert.deepEqual(c.data.targetTasks, { species: 'multiclass', 'petal_width_(cm)': 'regression' });
    assert.deepEqual(c.loss.weights, [1, 0.5]);
  }
  assert.deepEqual(configs.map((c) => c.loss.weighting).sort(), ['dwa', 'fixed']);
  // Ranked by the mean of the heads' headlines, which every weighting reports alike (not by val_loss).
  const swept = lastJson<{ metric: { name: string; lower_is_better: boolean }; runs: RunJson[] }>(r);
  assert.deepEqual(swept.metric, { name: 'mean_score', lower_is_better: false });
  for (const run of swept.runs) {
    const m = run.final!.metrics;
    assert.equal(m.mean_score, (m['species/accuracy'] + m['petal_width_(cm)/r2']) / 2);
  }
});
