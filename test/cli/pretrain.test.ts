import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataset, lastJson, losslab, tempDir } from './run';

test('train --pretrain info_nce --label-fraction: both phases recorded, pretrain.history.loss in the summary', () => {
  const out = tempDir();
  const r = losslab([
    'train',
    dataset('breast_cancer.csv'),
    '--hidden',
    '16',
    '--epochs',
    '2',
    '--pretrain',
    'info_nce',
    '--pretrain-epochs',
    '3',
    '--corruption',
    '0.4',
    '--temperature',
    '0.5',
    '--label-fraction',
    '0.05',
    '--out',
    out,
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /pretrain epoch 3\/3 NT-Xent/);
  const j = lastJson(r);
  assert.equal(j.pretrain!.history.loss.length, 3);
  const summary = JSON.parse(readFileSync(join(j.run_dir!, 'summary.json'), 'utf8'));
  assert.deepEqual(summary.pretrain.history.loss, j.pretrain!.history.loss);
  const meta = JSON.parse(readFileSync(join(j.run_dir!, 'config.json'), 'utf8'));
  assert.deepEqual(meta.config.pretrain, {
    method: 'info_nce',
    epochs: 3,
    corruption: 0.4,
    temperature: 0.5,
    probe: false,
  });
  assert.equal(meta.config.data.labelFraction, 0.05);
  const events = readFileSync(join(j.run_dir!, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  // 455 training rows pretrain in batches of 32; 5% of them (23 rows) train in one batch.
  const pre = events.filter((e) => e.type === 'step' && e.phase === 'pretrain');
  assert.equal(pre.length, 3 * Math.ceil(455 / 32));
  assert.equal(events.filter((e) => e.type === 'step' && !e.phase).length, 2);
  assert.equal(events[0].trainRows, 23);
  // The export pretrains as the run did (replayed with torch in export.torch.ts); with dropout it refuses.
  const exported = losslab(['export', 'pytorch', j.run_dir!, '-o', join(out, 'x.py')]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(
    readFileSync(join(out, 'x.py'), 'utf8'),
    /^PRETRAIN = \{"epochs": 3, "corruption": 0\.4, "temperature": 0\.5, "probe": False\}$/m,
  );
});

for (const [args, field] of [
  [['--probe'], /pretrain\.method is required/],
  [['--pretrain', 'info_nce'], /model\.hidden/],
  [['--pretrain', 'byol', '--hidden', '4'], /pretrain\.method must be one of info_nce/],
  [['--label-fraction', '0'], /data\.labelFraction must be in \(0, 1\]/],
] as const)
  test(`train ${args.join(' ')}: exit 2, one line`, () => {
    const r = losslab(['train', dataset('iris.csv'), '--epochs', '1', '--out', tempDir(), ...args]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr.trim(), field);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });
