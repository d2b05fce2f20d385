/**
 * The HTML report of a sweep's runs, as data: the page embeds the sweep (its card is drawn from it) and a run
 * named as markup only as JSON text that cannot close its script element. test/e2e/report.ts renders the same
 * page in Chromium. A run whose record of its end-of-run views is damaged gets a message in their place.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostToWebview } from '../../src/protocol/webview';
import { hostileSweepReport } from './hostileReport';
import { dataset, lastJson, losslab, tempDir } from './run';

test('a report of a sweep embeds the sweep, and a run named as markup stays inside its JSON', () => {
  const { messages, html } = hostileSweepReport();
  const embedded = /<script type="application\/json" id="losslab-report">([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(embedded, 'the embedded messages');
  // The JSON reads back to exactly what was embedded: the sweep (2 swept settings, 4 runs) and the hostile name.
  assert.deepEqual(JSON.parse(embedded), JSON.parse(JSON.stringify(messages)));
  const sweep = messages.find((m) => m.type === 'sweep');
  assert.ok(sweep && sweep.type === 'sweep' && sweep.sweep, 'a sweep message');
  assert.equal(sweep.sweep.runs.length, 4);
  // Nothing in the embedded text can end the script element or open a comment.
  assert.doesNotMatch(embedded, /<\/script|<!--/i);
  // The title names the runs as text: not one `<` of the name reaches the markup.
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
  assert.ok(title?.startsWith('Loss Lab report: &#60;img src=x onerror=alert(1)&#62;&#60;/script&#62;'), title);
});

test('a regression run whose predictions.json is damaged: the report says so in place of its charts, and losslab report warns', () => {
  const dir = tempDir();
  const out = join(dir, 'runs');
  const train = losslab(['train', dataset('diabetes.csv'), '--epochs', '1', '--out', out, '--json']);
  assert.equal(train.code, 0, train.stderr);
  const runDir = lastJson(train).run_dir;
  assert.ok(runDir, 'the run is recorded');
  const predictions = join(runDir, 'predictions.json');
  writeFileSync(predictions, '{"task": "regression", "actual": [1');
  const file = join(dir, 'report.html');
  const r = losslab(['report', '--out', out, '-o', file]);
  assert.equal(r.code, 0, r.stderr);
  const expected = `${predictions} cannot be read (not valid JSON), so the predicted-vs-actual and residual charts are not shown; re-run the run to write it again.`;
  assert.equal(r.stderr, `warning: ${expected}\n`);
  const embedded = JSON.parse(
    /<script type="application\/json" id="losslab-report">([\s\S]*?)<\/script>/.exec(readFileSync(file, 'utf8'))![1],
  ) as HostToWebview[];
  assert.deepEqual(
    embedded.filter((m) => m.type === 'results').map((m) => m.results),
    [{ kind: 'unreadable', message: expected }],
  );
});

test('a report of a ranking run and a multitask run embeds each epoch’s task metrics as the runs recorded them', () => {
  const dir = tempDir();
  const out = join(dir, 'runs');
  const queries = join(dir, 'queries.csv');
  const rows = Array.from({ length: 48 }, (_, i) => {
    const x = Math.sin(i * 1.7);
    return `q${i % 8},${x.toFixed(4)},${Math.cos(i).toFixed(4)},${x > 0.3 ? 2 : x > -0.3 ? 1 : 0}`;
  });
  writeFileSync(queries, ['query,x1,x2,grade', ...rows].join('\n') + '\n');
  const train = (args: string[]) => {
    const r = losslab(['train', ...args, '--epochs', '3', '--out', out, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return lastJson(r).run_dir!;
  };
  const ranking = train([queries, '--task', 'ranking', '--group', 'query', '--target', 'grade', '--loss', 'listnet']);
  const multitask = train([
    dataset('iris.csv'),
    '--task',
    'multitask',
    '--target',
    'species,petal_width_(cm)',
    '--task-weighting',
    'uncertainty',
  ]);
  const file = join(dir, 'report.html');
  const r = losslab(['report', '--out', out, '-o', file]);
  assert.equal(r.code, 0, r.stderr);
  const embedded = JSON.parse(
    /<script type="application\/json" id="losslab-report">([\s\S]*?)<\/script>/.exec(readFileSync(file, 'utf8'))![1],
  ) as HostToWebview[];
  const recorded = (runDir: string) =>
    readFileSync(join(runDir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; metrics: Record<string, number> })
      .filter((e) => e.type === 'epoch')
      .map((e) => e.metrics);
  for (const [runDir, names] of [
    [ranking, ['ndcg@5', 'ndcg@10', 'map', 'mrr']],
    [
      multitask,
      ['mean_score', 'species/accuracy', 'species/weight', 'petal_width_(cm)/loss', 'petal_width_(cm)/weight'],
    ],
  ] as const) {
    const points = embedded.find((m) => m.type === 'points' && runDir.endsWith(m.runId));
    assert.ok(points && points.type === 'points', `the points of ${runDir}`);
    const metrics = points.epochs.map((e) => e.metrics);
    assert.deepEqual(metrics, recorded(runDir));
    assert.equal(metrics.length, 3);
    for (const name of names)
      assert.ok(
        metrics.every((m) => Number.isFinite(m[name])),
        `${name} at every epoch`,
      );
  }
});
