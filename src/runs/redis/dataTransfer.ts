/**
 * A sweep's data travels once, through Redis: the producer uploads the CSV's bytes in pieces under the
 * sha256 of those bytes (skipped when that hash is there already), and each worker machine downloads it
 * once into a cache folder, checking the hash before it keeps the file, and again before every run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Redis } from 'ioredis';
import { LossLabError, showPath } from '../../core/errors';
import { dataHasher } from '../../io/runStore';
import { DATA_CHUNK_BYTES, KEEP_SECONDS, redisKeys } from './keys';

/** The sha256 of a file's bytes, read in pieces. */
export async function fileHash(file: string): Promise<string> {
  const hash = dataHasher();
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest();
}

/** Uploads `file`, whose bytes must hash to `hash` (the hash its runs record), unless Redis has it already. */
export async function uploadData(redis: Redis, file: string, hash: string): Promise<void> {
  const key = redisKeys.data(hash);
  if (await redis.expire(key, KEEP_SECONDS)) {
    const chunks = Number(await redis.hget(key, 'chunks'));
    for (let i = 0; i < chunks; i++) await redis.expire(`${key}:${i}`, KEEP_SECONDS);
    return;
  }
  const hasher = dataHasher();
  let chunks = 0;
  let size = 0;
  for await (const piece of fs.createReadStream(file, { highWaterMark: DATA_CHUNK_BYTES })) {
    const bytes = piece as Buffer;
    hasher.update(bytes);
    size += bytes.length;
    await redis.set(`${key}:${chunks++}`, bytes, 'EX', KEEP_SECONDS);
  }
  if (hasher.digest() !== hash)
    throw new LossLabError(`${showPath(file)} changed while the sweep was starting; start it again`, { file });
  // The hash last, so that a worker never sees a partial upload.
  await redis.multi().hset(key, { size, chunks }).expire(key, KEEP_SECONDS).exec();
}

/** Downloads and checks data by hash into `cacheDir`, once per machine; returns the file. */
export class DataCache {
  private inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly redis: Redis,
    private readonly cacheDir: string,
  ) {}

  /** The local file with the bytes of `hash`, checked now. */
  async get(hash: string): Promise<string> {
    const file = path.join(this.cacheDir, `${hash}.csv`);
    if (fs.existsSync(file) && (await fileHash(file)) === hash) return file;
    let pending = this.inFlight.get(hash);
    if (!pending) {
      pending = this.download(hash, file).finally(() => this.inFlight.delete(hash));
      this.inFlight.set(hash, pending);
    }
    return pending;
  }

  private async download(hash: string, file: string): Promise<string> {
    const key = redisKeys.data(hash);
    const chunks = Number(await this.redis.hget(key, 'chunks'));
    if (!chunks) throw new LossLabError(`the sweep's data ${hash.slice(0, 12)}… is not in Redis (expired or removed)`);
    fs.mkdirSync(this.cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    const out = fs.openSync(tmp, 'w');
    const hasher = dataHasher();
    try {
      for (let i = 0; i < chunks; i++) {
        const bytes = await this.redis.getBuffer(`${key}:${i}`);
        if (!bytes) throw new LossLabError(`piece ${i} of the sweep's data ${hash.slice(0, 12)}… is missing in Redis`);
        hasher.update(bytes);
        fs.writeSync(out, bytes);
      }
    } finally {
      fs.closeSync(out);
    }
    if (hasher.digest() !== hash) {
      fs.rmSync(tmp, { force: true });
      throw new LossLabError(`the sweep's data downloaded from Redis does not match its hash ${hash.slice(0, 12)}…`);
    }
    fs.renameSync(tmp, file);
    return file;
  }
}
