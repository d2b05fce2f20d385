/**
 * Training reads its CSV in chunks and hashes the bytes as they stream by: the chunks handed out must be
 * the file, every byte once and in order, however the file is cut, so that the hash a run records is
 * the SHA-256 of the file (the value runs recorded when the file was read whole, and the one the
 * PyTorch export compares).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCsv } from '../../src/io/csv/load';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { runTraining } from '../../src/runs/runTraining';
import { readRun } from '../../src/io/runStore';
import { SharedData } from '../../src/runs/sharedData';
import { dataset, tempDir } from '../cli/run';

const dir = tempDir();
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every byte `loadCsv` hands to `onBytes`, joined, and the error it gives if any. */
async function streamed(file: string, threads: number, chunkBytes: number): Promise<{ bytes: Buffer; error: unknown }> {
  const pieces: Buffer[] = [];
  let error: unknown = null;
  // Copied: the bytes are only lent, their memory reused for the next chunk.
  await loadCsv(file, { threads, chunkBytes, onBytes: (b) => pieces.push(Buffer.from(b)) }).catch(
    (e: unknown) => (error = e),
  );
  return { bytes: Buffer.concat(pieces), error };
}

const rows = (n: number, end: string) =>
  Array.from({ length: n }, (_, i) => `${i},${(i * 0.37).toFixed(3)},"q ${i % 7}"`).join(end);

const FILES: Record<string, string | Buffer> = {
  'lf.csv': `a,b,c\n${rows(3000, '\n')}\n`,
  'crlf-no-final-break.csv': `a,b,c\r\n${rows(3000, '\r\n')}`,
  'bom-blank-lines.csv': Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(`\n\n a , b ,c\n\n${rows(2000, '\n\n')}\n\n`),
  ]),
  // A quoted field with line breaks, longer than a chunk: it is carried from chunk to chunk.
  'long-record.csv': `a,b,c\n1,2,"${'x\n'.repeat(5000)}"\n${rows(500, '\n')}\n`,
  'header-only.csv': 'a,b,c\n',
};

test('loadCsv hands every byte of the file to onBytes once, in order, however it cuts the file', async () => {
  for (const [name, content] of Object.entries(FILES)) {
    const file = join(dir, name);
    writeFileSync(file, content);
    const bytes = readFileSync(file);
    for (const [threads, chunkBytes] of [
      [0, 1 << 20],
      [0, 1000],
      [2, 4096],
    ]) {
      const { bytes: got, error } = await streamed(file, threads, chunkBytes);
      // A header with no data rows is refused, once the whole file is read.
      if (name === 'header-only.csv') assert.match(String(error), /no data rows/);
      else assert.equal(error, null);
      assert.equal(got.length, bytes.length, `${name}, ${threads} threads, chunks of ${chunkBytes}`);
      assert.ok(got.equals(bytes), `${name}, ${threads} threads, chunks of ${chunkBytes}: the bytes differ`);
    }
  }
});

test("a run records the SHA-256 of its data file's bytes, trained alone or in a sweep", async () => {
  const csv = dataset('iris.csv');
  const config = resolveRunConfig({ training: { epochs: 1 } }, defaultConfig(csv));
  const expected = sha256(readFileSync(csv));
  const run = await runTraining(config, { outDir: join(dir, 'runs') });
  assert.equal(readRun(run.runDir!)?.meta.dataHash, expected);
  assert.equal((await new SharedData().get(config)).dataHash, expected);
});
