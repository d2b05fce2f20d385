/** `losslab train --val-data`: validation on a second file, recorded with that file's hash. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lastJson, losslab, tempDir, workspace } from './run';

const rows = (n: number, from: number) =>
  Array.from({ length: n }, (_, i) => `${from + i},${(from + i) % 3 === 0 ? 'yes' : 'no'}`).join('\n');

test('--val-data validates on the second file: its rows, its hash recorded, the split flag unused', () => {
  const train = `x,y\n${rows(40, 0)}\n`;
  const val = `x,y\n${rows(9, 100)}\n`;
  const dir = workspace({ 'train.csv': train, 'val.csv': val });
  const out = tempDir();
  const r = losslab(
    ['train', 'train.csv', '--val-data', 'val.csv', '--epochs', '2', '--out', out, '--json', '--quiet'],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson(r);
  const meta = JSON.parse(readFileSync(join(j.run_dir!, 'config.json'), 'utf8'));
  assert.equal(meta.valDataHash, createHash('sha256').update(val).digest('hex'));
  assert.equal(meta.dataHash, createHash('sha256').update(train).digest('hex'));
  assert.equal(meta.config.data.valPath, join(dir, 'val.csv'));
  const start = readFileSync(join(j.run_dir!, 'events.jsonl'), 'utf8').split('\n')[0];
  assert.match(start, /"trainRows":40,"valRows":9/);
});

test('--val-data with other columns: one line naming both files, exit 2', () => {
  const dir = workspace({ 'train.csv': `x,y\n${rows(10, 0)}\n`, 'val.csv': 'x,z\n1,no\n' });
  const r = losslab(['train', 'train.csv', '--val-data', 'val.csv', '--out', tempDir()], dir);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^losslab: val\.csv must have the columns of train\.csv in the same order \('x', 'y'\), and has 'x', 'z'\n$/,
  );
});
