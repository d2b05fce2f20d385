/**
 * What the PyTorch export of sequence and generate runs reads from a run folder, and what it refuses (the
 * scripts themselves are replayed with torch by exportSequence.torch.ts and exportGenerate.torch.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { softmaxBlocks } from '../../src/core/export/generateCode';
import type { PreprocessingRecord } from '../../src/core/export/record';
import type { LayerParams } from '../../src/core/model/mlp';
import { runTraining } from '../../src/runs/runTraining';
import { losslab, tempDir, workspace } from '../cli/run';

async function record(csvText: string, raw: Record<string, unknown>) {
  const dir = workspace({ 'd.csv': csvText });
  const config = resolveRunConfig({ training: { epochs: 2 }, ...raw }, defaultConfig(join(dir, 'd.csv')));
  const run = await runTraining(config, { outDir: join(dir, 'runs') });
  assert.equal(run.summary.status, 'completed', run.summary.message ?? '');
  return run.runDir!;
}

const exportRun = (dir: string) => losslab(['export', 'pytorch', dir, '-o', join(tempDir(), 'replay.py')]);

const MIXED = [
  'x,colour,y,size',
  ...Array.from({ length: 30 }, (_, i) => `${i},${['red', 'blue'][i % 2]},${i % 3},${['S', 'M', 'L'][i % 3]}`),
].join('\n');

test("softmax blocks: each categorical column's consecutive one-hot inputs, numeric ones between them", () => {
  const f = (column: string, level: string | null) => ({ column, level, mean: 0, std: 1 });
  assert.deepEqual(
    softmaxBlocks([f('x', null), f('c', 'red'), f('c', 'blue'), f('d', 'S'), f('d', 'L'), f('y', null), f('e', 'a')]),
    [
      [1, 2],
      [3, 2],
      [6, 1],
    ],
  );
  assert.deepEqual(softmaxBlocks([f('x', null)]), []);
});

test("a generate run records both networks' initial layers, encoder then decoder, and exports", async () => {
  const dir = await record(MIXED, { data: { task: 'generate' }, loss: 'vae', model: { hidden: [4], latent: 2 } });
  const initial = JSON.parse(readFileSync(join(dir, 'initial.json'), 'utf8')) as LayerParams[];
  // The encoded row: x, y numeric, colour (2 levels) and size (3 levels) one-hot: width 7.
  const shapes = initial.map((l) => [l.weight.length, l.weight[0].length]);
  assert.deepEqual(shapes, [
    [4, 7],
    [4, 4],
    [4, 2],
    [7, 4],
  ]);
  const r = exportRun(dir);
  assert.equal(r.code, 0, r.stderr);
});

test('a generate run recorded with one network, or a sequence run without its sequence column, is refused in one line', async () => {
  const gan = await record(MIXED, { data: { task: 'generate' }, loss: 'wgan_gp', model: { hidden: [4] } });
  const initial = JSON.parse(readFileSync(join(gan, 'initial.json'), 'utf8')) as LayerParams[];
  writeFileSync(join(gan, 'initial.json'), JSON.stringify(initial.slice(2)));
  const r = exportRun(gan);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr.trim(),
    "losslab: this generate run was recorded without both networks' initial weights; train it again to export it",
  );

  const csv = [
    'doc,x,tag',
    ...Array.from({ length: 24 }, (_, i) => `d${Math.floor(i / 3)},${i % 5},${['B', 'I', 'O'][i % 3]}`),
  ].join('\n');
  const sequence = await record(csv, { data: { task: 'sequence', sequence: 'doc', target: 'tag' }, loss: 'crf' });
  const pre = JSON.parse(readFileSync(join(sequence, 'preprocessing.json'), 'utf8')) as PreprocessingRecord;
  assert.deepEqual(pre.group, { column: 'doc', numeric: false });
  assert.equal(exportRun(sequence).code, 0);
  delete pre.group;
  writeFileSync(join(sequence, 'preprocessing.json'), JSON.stringify(pre));
  const s = exportRun(sequence);
  assert.equal(s.code, 2);
  assert.equal(
    s.stderr.trim(),
    'losslab: this sequence run was recorded without its sequence column; train it again to export it',
  );
});
