/** What a producer accepts from a job's event stream: data of the expected shape, and record files by fixed names only. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRemoteMessage, surfaceFromJson, surfaceToJson } from '../../src/protocol/remote';

const summary = { status: 'completed' };
const done = (files: unknown) => JSON.stringify({ type: 'done', attempt: 1, summary, files });

test('a finished run brings back the record files its thread wrote, by their own names', () => {
  const files = ['final.json', 'best.json', 'checkpoint.json', 'predictions.json', 'rows.json', 'rows-12.bin']
    .concat(['rows-final.bin', 'rows-best.bin'])
    .map((name) => ({ name, base64: '' }));
  assert.deepEqual(parseRemoteMessage(done(files)), { type: 'done', attempt: 1, summary, files });
});

test('a record file named as a path, or as a file the producer writes itself, is refused', () => {
  for (const name of ['../final.json', '/tmp/final.json', 'sub/final.json', 'config.json', 'summary.json'])
    assert.equal(parseRemoteMessage(done([{ name, base64: '' }])), null, name);
  for (const name of ['events.jsonl', 'rows-1.bin.tmp', 'rows-x.bin', 'final.json\n'])
    assert.equal(parseRemoteMessage(done([{ name, base64: '' }])), null, name);
});

test('a finished run without its files, or with files of another shape, is not taken', () => {
  assert.equal(parseRemoteMessage(JSON.stringify({ type: 'done', attempt: 1, summary })), null);
  assert.equal(parseRemoteMessage(done([{ name: 'final.json' }])), null);
  assert.equal(parseRemoteMessage(done({ name: 'final.json', base64: '' })), null);
  assert.equal(parseRemoteMessage('not json'), null);
});

const surface = {
  task: 'regression' as const,
  size: 2,
  x: { feature: 0, name: 'a', min: 0, max: 1 },
  y: { feature: 1, name: 'b', min: 0, max: 1 },
  features: ['a', 'b'],
  classes: null,
  predicted: new Uint16Array(0),
  value: Float32Array.of(0.1, NaN, -3.25e-7, 1e30),
  points: { x: Float32Array.of(0.3), y: Float32Array.of(-0.7), target: Float32Array.of(Math.PI) },
};

test('a live surface crosses the queue as JSON and comes back with the same float32 bits, NaN included', () => {
  const sent = JSON.stringify({ type: 'surface', attempt: 1, epoch: 3, surface: surfaceToJson(surface) });
  const m = parseRemoteMessage(sent);
  assert.ok(m?.type === 'surface');
  assert.deepEqual(surfaceFromJson(m.surface), surface);
});

test('a surface whose cells do not fill its grid, or hold text, is dropped', () => {
  const json = surfaceToJson(surface);
  const bad = [
    { ...json, size: 3 },
    { ...json, value: ['1', 2, 3, 4] },
    { ...json, predicted: [1, 2] },
    { ...json, points: { ...json.points, y: [] } },
  ];
  for (const s of bad)
    assert.equal(parseRemoteMessage(JSON.stringify({ type: 'surface', attempt: 1, epoch: 1, surface: s })), null);
  assert.equal(parseRemoteMessage(JSON.stringify({ type: 'rows', attempt: 1, rows: { epoch: 1 } })), null);
});
