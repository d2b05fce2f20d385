/**
 * Reading a CSV file from disk in chunks: the file is never held whole, only the typed columns and the
 * chunks in flight, and the chunks are parsed on worker threads (one per core) while the next ones are
 * read. Progress is reported as chunks land.
 */
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { LossLabError } from '../errors';
import { ChunkFault, type ChunkResult, CR, LF } from './chunk';
import { CHUNK_BYTES, type CsvOptions, chunkError, chunkSpec, type Head, parseChunkHere, readHead, SNIFF_BYTES } from './parse';
import { lastRecordEnd } from './split';
import { TableBuilder } from './table';
import type { CsvTable } from './types';
import { ChunkWorkers } from './workers';

export interface LoadProgress {
  /** Bytes of the file read and parsed so far. */
  bytes: number;
  totalBytes: number;
  rows: number;
}

export interface LoadOptions extends CsvOptions {
  onProgress?: (p: LoadProgress) => void;
  /** Worker threads parsing chunks; 0 parses on this thread. Default: one per core, at most 4. */
  threads?: number;
  /** Bytes of records per chunk. */
  chunkBytes?: number;
}

/** Smaller files are parsed on this thread: starting workers would cost more than it saves. */
const PARALLEL_MIN_BYTES = 8 << 20;
const MAX_THREADS = 4;

async function openCsv(file: string): Promise<{ fh: FileHandle; size: number }> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LossLabError(`file not found: ${file}`, { file });
    if (code === 'EACCES' || code === 'EPERM') throw new LossLabError(`cannot read ${file}: permission denied`, { file });
    throw new LossLabError(`cannot read ${file}: ${(e as Error).message}`, { file });
  }
  const stat = await fh.stat();
  if (stat.isDirectory()) {
    await fh.close();
    throw new LossLabError(`${file} is a folder; give a CSV file`, { file });
  }
  return { fh, size: stat.size };
}

/** `length` bytes from `position` into a new buffer with `spare` bytes to spare after them. */
async function readAt(fh: FileHandle, position: number, length: number, spare = 0): Promise<Uint8Array> {
  const bytes = new Uint8Array(length + spare);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(bytes, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? bytes : bytes.subarray(0, done);
}

/** A chunk of whole records: its bytes (ending with a line break) and where they are in the file. */
interface Chunk {
  bytes: Uint8Array;
  end: number;
  fileStart: number;
  fileEnd: number;
}

/** Reads the file from `start` on in chunks of whole records. */
async function* chunksOf(fh: FileHandle, start: number, size: number, head: Head, chunkBytes: number): AsyncGenerator<Chunk> {
  const D = head.delimiter.charCodeAt(0);
  let carry = new Uint8Array(0);
  let pos = start;
  let readPos = start;
  while (pos < size) {
    const want = Math.min(chunkBytes, size - readPos);
    // One spare byte for the line break a file may lack at its end.
    const bytes = new Uint8Array(carry.length + want + 1);
    bytes.set(carry);
    const got = await readAt(fh, readPos, want);
    bytes.set(got, carry.length);
    readPos += got.length;
    const filled = carry.length + got.length;
    const eof = readPos >= size || got.length < want;
    let cut = eof ? filled : lastRecordEnd(bytes, 0, filled, D);
    if (cut < 0) {
      // A record longer than a chunk: read on.
      carry = bytes.subarray(0, filled);
      continue;
    }
    let end = cut;
    if (eof && bytes[cut - 1] !== LF && bytes[cut - 1] !== CR) bytes[end++] = LF;
    carry = bytes.slice(cut, filled);
    yield { bytes, end, fileStart: pos, fileEnd: pos + cut };
    pos += cut;
    if (eof) break;
  }
}

/** Reads and types a CSV file, parsing its chunks on worker threads when it is large enough. */
export async function loadCsv(file: string, opts: LoadOptions = {}): Promise<CsvTable> {
  const { fh, size } = await openCsv(file);
  let workers: ChunkWorkers | null = null;
  try {
    let head: Head | null = null;
    for (let n = Math.min(size, SNIFF_BYTES); head === null; n = Math.min(size, n * 2)) head = readHead(await readAt(fh, 0, n), n === size, file, opts);
    // For a UTF-8 error's line: the file up to the bad byte.
    const fileBytes = (upTo: number): Uint8Array => {
      const bytes = new Uint8Array(upTo);
      let done = 0;
      for (let n = 1; done < upTo && n > 0; done += n) n = readSync(fh.fd, bytes, done, upTo - done, done);
      return bytes.subarray(0, done);
    };
    const chunkBytes = opts.chunkBytes ?? CHUNK_BYTES;
    const dataBytes = size - head.dataStart;
    const threads = opts.threads ?? Math.min(MAX_THREADS, availableParallelism());
    if (threads > 0 && (dataBytes >= PARALLEL_MIN_BYTES || opts.threads !== undefined) && dataBytes > chunkBytes) workers = ChunkWorkers.start(threads);

    const table = new TableBuilder(head, (dataBytes / head.rowBytes) * 1.02 + 16);
    const chunks: Chunk[] = [];
    const queue: Promise<ChunkResult>[] = [];
    const merge = async (): Promise<void> => {
      const k = chunks.length - queue.length;
      const chunk = chunks[k];
      let part: ChunkResult;
      try {
        part = await (queue.shift() as Promise<ChunkResult>);
      } catch (e) {
        if (e instanceof ChunkFault) throw chunkError(e, head, table.line, chunk.fileStart, fileBytes);
        throw e;
      }
      table.add(part);
      // Extrapolate the row count from the bytes so far, so the columns grow once at most.
      if (chunk.fileEnd < size) table.reserve((table.rows * (size - head.dataStart)) / (chunk.fileEnd - head.dataStart) * 1.02 + 16);
      opts.onProgress?.({ bytes: chunk.fileEnd, totalBytes: size, rows: table.rows });
    };
    for await (const chunk of chunksOf(fh, head.dataStart, size, head, chunkBytes)) {
      // Keep the bytes' place (for reading again) but not the bytes, which may move to a worker.
      chunks.push({ ...chunk, bytes: new Uint8Array(0) });
      const spec = chunkSpec(head, chunk.end);
      if (workers) {
        const p = workers.parse(chunk.bytes, chunk.end, spec);
        p.catch(() => undefined); // rejections are taken in order by merge()
        queue.push(p);
        if (queue.length >= 2 * workers.size) await merge();
      } else {
        queue.push(Promise.resolve(parseChunkHere(chunk.bytes, 0, chunk.end, spec, head, table.line, chunk.fileStart, fileBytes)));
        await merge();
      }
    }
    while (queue.length) await merge();

    for (const r of table.rescans()) {
      const c = chunks[r.chunk];
      const bytes = await readAt(fh, c.fileStart, c.fileEnd - c.fileStart, 1);
      let end = c.fileEnd - c.fileStart;
      if (bytes[end - 1] !== LF && bytes[end - 1] !== CR) bytes[end++] = LF;
      table.addTexts(r, parseChunkHere(bytes, 0, end, chunkSpec(head, end, r.textColumns), head, 0, c.fileStart, fileBytes));
    }
    if (!chunks.length) opts.onProgress?.({ bytes: size, totalBytes: size, rows: 0 });
    return table.finish();
  } finally {
    await workers?.close();
    await fh.close();
  }
}
