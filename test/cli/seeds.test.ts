import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type RunJson, dataset, lastJson, losslab, tempDir } from './run';

interface Group {
  name: string;
  runs: string[];
  seeds: number[];
  final: Record<string, { mean: number; std: number; n: number }>;
}

const readJson = <T>(dir: string, file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;

test('train --seeds: one run per seed, each the run --seed gives alone, summarized as mean ± sample std', () => {
  const out = join(tempDir(), 'runs');
  const args = [dataset('iris.csv'), '--epochs', '4', '--out', out, '--json', '--quiet'];
  const r = losslab(['train', ...args, '--seeds', '1,2,3']);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson<{ runs: RunJson[]; groups: Group[] }>(r);
  assert.deepEqual(
    j.runs.map((run) => run.name),
    ['iris seed=1', 'iris seed=2', 'iris seed=3'],
  );
  const alone = lastJson(losslab(['train', ...args, '--seed', '2']));
  assert.deepEqual(alone.final, j.runs[1].final);
  assert.equal(j.groups.length, 1);
  const g = j.groups[0];
  assert.deepEqual([g.name, g.seeds], ['iris', [1, 2, 3]]);
  const acc = j.runs.map((run) => run.final!.metrics.accuracy);
  const mean = (acc[0] + acc[1] + acc[2]) / 3;
  const std = Math.sqrt(acc.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
  assert.ok(Math.abs(g.final.accuracy.mean - mean) < 1e-12 && Math.abs(g.final.accuracy.std - std) < 1e-12);
  assert.equal(g.final.val_loss.n, 3);

  const runs = lastJson<{ groups: Group[]; runs: { group?: string; seed?: number }[] }>(
    losslab(['runs', '--out', out, '--json']),
  );
  assert.deepEqual(runs.groups[0].final, g.final);
  assert.equal(runs.runs.filter((x) => x.group === 'iris').length, 3);
  const text = losslab(['runs', '--out', out]).stdout;
  assert.match(text, /mean ± std over seeds[\s\S]*iris\s+3\s/);
});

test('paired runs: two losses with the same seed share the split, initial weights and batch order', () => {
  const out = join(tempDir(), 'runs');
  const r = losslab([
    'sweep',
    dataset('diabetes.csv'),
    '--loss',
    'mse,huber',
    '--hidden',
    '8',
    '--seeds',
    '7,8',
    '--epochs',
    '3',
    '--workers',
    '1',
    '--out',
    out,
    '--json',
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson<{ runs: RunJson[]; groups: Group[] }>(r);
  assert.equal(j.runs.length, 4, '--seeds is no axis: 2 losses × 2 seeds');
  assert.deepEqual(j.groups.map((g) => g.name).sort(), ['loss=huber', 'loss=mse']);
  const dir = (name: string) => j.runs.find((x) => x.name === name)!.run_dir!;
  const record = (name: string) => ({
    split: readJson<{ val: number[] }>(dir(name), 'preprocessing.json').val,
    initial: readJson<unknown>(dir(name), 'initial.json'),
    batches: (({ rng, order }) => ({ rng, order }))(
      readJson<{ rng: unknown; order: unknown }>(dir(name), 'checkpoint.json'),
    ),
  });
  const [mse7, huber7, mse8] = ['loss=mse seed=7', 'loss=huber seed=7', 'loss=mse seed=8'].map(record);
  assert.deepEqual(mse7, huber7);
  // And a different seed changes every one of them: the test can fail.
  assert.notDeepEqual(mse7.split, mse8.split);
  assert.notDeepEqual(mse7.initial, mse8.initial);
  assert.notDeepEqual(mse7.batches, mse8.batches);
  assert.notDeepEqual(
    j.runs.find((x) => x.name === 'loss=mse seed=7')!.final,
    j.runs.find((x) => x.name === 'loss=huber seed=7')!.final,
  );
});

test('--seeds: a bad list is one line naming the flag, exit 2', () => {
  const r = losslab(['train', dataset('iris.csv'), '--seeds', '1', '--quiet']);
  assert.equal(r.code, 2);
  assert.match(r.stderr.trim(), /^losslab: seeds must be a list of 2 to 100 seeds/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
