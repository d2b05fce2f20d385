/** What a producer accepts from a job's event stream: data of the expected shape, and record files by fixed names only. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRemoteMessage } from '../../src/protocol/remote';

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
