/**
 * `losslab runs` on a folder holding a run of each newer task (ranking, multitask, sequence, generate), each
 * trained by the CLI: the table and `--json` list every run with its task's headline at the value its own
 * summary.json recorded.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { dataset, lastJson, losslab, tempDir } from './run';

interface Trained {
  id: string;
  task: string;
  headline: string;
  /** The headline as the trainer recorded it in summary.json. */
  value: number;
}

let out = '';
let trained: Trained[] = [];

/** Trains a 2-epoch run into `out` and reads back the headline from its summary.json. */
function train(task: string, headline: string, args: string[]): Trained {
  const r = losslab(['train', ...args, '--task', task, '--epochs', '2', '--hidden', '8', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const dir = lastJson(r).run_dir!;
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
    final: { metrics: Record<string, number> };
  };
  const value = summary.final.metrics[headline];
  assert.ok(Number.isFinite(value), `${task}: ${headline} in summary.json`);
  return { id: dir.split('/').at(-1)!, task, headline, value };
}

before(() => {
  const dir = tempDir();
  out = join(dir, 'runs');
  const queries = join(dir, 'queries.csv');
  const rows = Array.from({ length: 48 }, (_, i) => {
    const x = Math.sin(i * 1.7);
    return `q${i % 8},${x.toFixed(4)},${Math.cos(i).toFixed(4)},${x > 0.3 ? 2 : x > -0.3 ? 1 : 0}`;
  });
  writeFileSync(queries, ['query,x1,x2,grade', ...rows].join('\n') + '\n');
  // The first 60 sentences of the tagged HMM sequences keep the CRF run short.
  const tags = join(dir, 'tags.csv');
  const hmm = readFileSync(dataset(join('hmm', 'train.csv')), 'utf8').split('\n');
  writeFileSync(tags, `${hmm.slice(0, 601).join('\n')}\n`);
  trained = [
    train('ranking', 'ndcg@10', [queries, '--group', 'query', '--target', 'grade']),
    train('multitask', 'mean_score', [dataset('iris.csv'), '--target', 'species,petal_width_(cm)']),
    train('sequence', 'token_accuracy', [tags, '--sequence', 'sentence', '--target', 'tag']),
    train('generate', 'c2st_auc', [dataset('wine.csv')]),
  ];
});

test('losslab runs shows each task’s headline with the value its summary.json recorded', () => {
  const r = losslab(['runs', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  for (const t of trained) {
    const line = lines.find((l) => l.startsWith(t.id));
    assert.ok(line, `a row for the ${t.task} run ${t.id}`);
    assert.match(line, /\scompleted\s/, t.task);
    assert.ok(line.endsWith(` ${t.headline} ${t.value.toFixed(4)}`), `${t.task}: ${line}`);
  }
});

test('losslab runs --json gives each run its task and the final metrics its summary.json recorded', () => {
  const r = losslab(['runs', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const runs = lastJson<{
    runs: { id: string; task: string; status: string; final: { metrics: Record<string, number> } }[];
  }>(r).runs;
  assert.equal(runs.length, trained.length);
  for (const t of trained) {
    const run = runs.find((x) => x.id === t.id);
    assert.ok(run, `the ${t.task} run ${t.id}`);
    assert.deepEqual([run.task, run.status], [t.task, 'completed']);
    assert.equal(run.final.metrics[t.headline], t.value, `${t.task}: ${t.headline}`);
  }
});
