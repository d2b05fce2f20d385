/**
 * Reading a CSV file from disk in chunks: the file is never held whole, only the typed columns and the
 * chunks in flight, and the chunks are parsed on worker threads (one per core) while the next ones are
 * read. Progress is reported as chunks land.
 *
 * Chunks go through a few slots of shared memory (the bytes read, and the numbers parsed from them) that
 * are reused from chunk to chunk: allocating them anew would cost as much as the parsing.
 */
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { LossLabError, showPath } from '../../core/errors';
import { ChunkFault, type ChunkOutput, type ChunkResult, CR, LF, sharedOutput } from '../../core/csv/chunk';
import { NotUtf8Error } from '../../core/csv/decode';
import { sniffEncoding } from '../../core/csv/encoding';
import { type ReadSettings, resolveCsvOptions } from '../../core/csv/options';
import {
  CHUNK_BYTES,
  type CsvOptions,
  chunkError,
  chunkSpec,
  decodeFile,
  type Head,
  parseChunkHere,
  parseUtf8,
  readHead,
  SNIFF_BYTES,
} from '../../core/csv/parse';
import { lastRecordEnd } from '../../core/csv/split';
import { TableBuilder } from '../../core/csv/table';
import type { CsvTable } from '../../core/csv/types';
import { coreCount } from '../cores';
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
  /**
   * Given every byte of the file once, in order, as it is read (to hash the file in the same pass). The
   * bytes are only lent: their memory is reused once the call returns.
   */
  onBytes?: (bytes: Uint8Array) => void;
}

/** Smaller files are parsed on this thread: starting workers would cost more than it saves. */
const PARALLEL_MIN_BYTES = 8 << 20;
const MAX_THREADS = 4;
/** Chunks in flight per worker: one being parsed, one waiting, so a worker never idles. */
const SLOTS_PER_WORKER = 2;

async function openCsv(file: string): Promise<{ fh: FileHandle; size: number }> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LossLabError(`file not found: ${showPath(file)}`, { file });
    if (code === 'EACCES' || code === 'EPERM')
      throw new LossLabError(`cannot read ${showPath(file)}: permission denied`, { file });
    throw new LossLabError(`cannot read ${showPath(file)}: ${(e as Error).message}`, { file });
  }
  const stat = await fh.stat();
  if (stat.isDirectory()) {
    await fh.close();
    throw new LossLabError(`${showPath(file)} is a folder; give a CSV file`, { file });
  }
  return { fh, size: stat.size };
}

/** Reads `length` bytes from `position` into `bytes` at `offset`; returns how many there were. */
async function readInto(
  fh: FileHandle,
  bytes: Uint8Array,
  offset: number,
  length: number,
  position: number,
): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(bytes, offset + done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/** `length` bytes from `position` into a new buffer with `spare` bytes to spare after them. */
async function readAt(fh: FileHandle, position: number, length: number, spare = 0): Promise<Uint8Array> {
  const bytes = new Uint8Array(length + spare);
  const done = await readInto(fh, bytes, 0, length, position);
  return done === length ? bytes : bytes.subarray(0, done);
}

/** The end of `bytes[0, end)` once it ends with a line break: a file's last line may lack one (a byte is spare for it). */
function withLineBreak(bytes: Uint8Array, end: number): number {
  if (bytes[end - 1] === LF || bytes[end - 1] === CR) return end;
  bytes[end] = LF;
  return end + 1;
}

/** Reusable memory for one chunk in flight. */
interface Slot {
  bytes: Uint8Array;
  output: ChunkOutput;
}

function newSlot(chunkBytes: number, ncol: number, rowBytes: number): Slot {
  // Room for a record or two carried over from the previous chunk; a chunk too large for the slot, or with more
  // rows than its output holds, gets memory of its own.
  const bytes = new Uint8Array(new SharedArrayBuffer(chunkBytes + Math.max(1 << 16, 4 * rowBytes) + 1));
  return { bytes, output: sharedOutput(ncol, Math.ceil((1.25 * chunkBytes) / rowBytes) + 64) };
}

/** A chunk of whole records: its bytes (ending with a line break) and where they are in the file. */
interface Chunk {
  bytes: Uint8Array;
  end: number;
  fileStart: number;
  fileEnd: number;
}

/** Reads the file's records from `start` on, chunk by chunk, each into the bytes `next` hands out (if large enough). */
class ChunkReader {
  private carry = new Uint8Array(0);
  private pos: number;
  private readPos: number;

  constructor(
    private readonly fh: FileHandle,
    start: number,
    private readonly size: number,
    private readonly delimiter: number,
    private readonly chunkBytes: number,
    private readonly onBytes?: (bytes: Uint8Array) => void,
  ) {
    this.pos = start;
    this.readPos = start;
  }

  async next(into: Uint8Array): Promise<Chunk | null> {
    while (this.pos < this.size) {
      const want = Math.min(this.chunkBytes, this.size - this.readPos);
      const carry = this.carry;
      // One spare byte for the line break a file may lack at its end.
      const bytes = carry.length + want + 1 <= into.length ? into : new Uint8Array(carry.length + want + 1);
      bytes.set(carry);
      const got = await readInto(this.fh, bytes, carry.length, want, this.readPos);
      this.onBytes?.(bytes.subarray(carry.length, carry.length + got));
      this.readPos += got;
      const filled = carry.length + got;
      const eof = this.readPos >= this.size || got < want;
      const cut = eof ? filled : lastRecordEnd(bytes, 0, filled, this.delimiter);
      if (cut < 0) {
        // A record longer than a chunk: read on.
        this.carry = bytes.slice(0, filled);
        continue;
      }
      const end = eof ? withLineBreak(bytes, cut) : cut;
      this.carry = bytes.slice(cut, filled);
      const fileStart = this.pos;
      this.pos = eof ? this.size : this.pos + cut;
      return { bytes, end, fileStart, fileEnd: fileStart + cut };
    }
    return null;
  }
}

/**
 * Reads and types a CSV file, parsing its chunks on worker threads when it is large enough. A file that is
 * not UTF-8 is decoded whole first (into UTF-8), so its text is held in memory: such files are rare and small.
 */
export async function loadCsv(file: string, opts: LoadOptions = {}): Promise<CsvTable> {
  const settings = resolveCsvOptions(opts);
  const { fh, size } = await openCsv(file);
  // Bytes given to `onBytes` so far: reading again in another encoding gives it only the rest.
  let given = 0;
  const onBytes =
    opts.onBytes &&
    ((bytes: Uint8Array) => {
      given += bytes.length;
      opts.onBytes?.(bytes);
    });
  try {
    const sniff = await readAt(fh, 0, Math.min(size, SNIFF_BYTES));
    if ((settings.encoding ?? sniffEncoding(sniff, sniff.length === size).encoding) !== 'utf-8')
      return await loadDecoded(fh, size, file, settings, onBytes, 0);
    try {
      return await loadUtf8(fh, size, file, settings, opts, onBytes);
    } catch (e) {
      // A byte that is not UTF-8 past the start: the file is read again, whole, as Windows-1252.
      if (!(e instanceof NotUtf8Error) || settings.encoding !== null) throw e;
      return await loadDecoded(fh, size, file, settings, onBytes, given);
    }
  } finally {
    await fh.close();
  }
}

/** A file in another encoding than UTF-8, read whole and decoded (`decodeFile`); `onBytes` is given the bytes from `given` on. */
async function loadDecoded(
  fh: FileHandle,
  size: number,
  file: string,
  settings: ReadSettings,
  onBytes: ((b: Uint8Array) => void) | undefined,
  given: number,
): Promise<CsvTable> {
  const bytes = await readAt(fh, 0, size);
  onBytes?.(bytes.subarray(given));
  const decoded = decodeFile(bytes, file, settings);
  return parseUtf8(decoded.bytes, file, settings, decoded.encoding, decoded.notes);
}

async function loadUtf8(
  fh: FileHandle,
  size: number,
  file: string,
  settings: ReadSettings,
  opts: LoadOptions,
  onBytes: ((b: Uint8Array) => void) | undefined,
): Promise<CsvTable> {
  let workers: ChunkWorkers | null = null;
  try {
    let head: Head | null = null;
    let headBytes: Uint8Array = new Uint8Array(0);
    for (let n = Math.min(size, SNIFF_BYTES); head === null; n = Math.min(size, n * 2))
      head = readHead((headBytes = await readAt(fh, 0, n)), n === size, file, settings, 'utf-8');
    // The records are read from `dataStart` on; what comes before them is in the bytes the header was read from.
    onBytes?.(headBytes.subarray(0, head.dataStart));
    // For a UTF-8 error's line: the file up to the bad byte.
    const fileBytes = (upTo: number): Uint8Array => {
      const bytes = new Uint8Array(upTo);
      let done = 0;
      for (let n = 1; done < upTo && n > 0; done += n) n = readSync(fh.fd, bytes, done, upTo - done, done);
      return bytes.subarray(0, done);
    };
    const chunkBytes = opts.chunkBytes ?? CHUNK_BYTES;
    const dataBytes = size - head.dataStart;
    const threads = opts.threads ?? Math.min(MAX_THREADS, coreCount());
    if (threads > 0 && (dataBytes >= PARALLEL_MIN_BYTES || opts.threads !== undefined) && dataBytes > chunkBytes)
      workers = ChunkWorkers.start(threads);
    const ncol = head.header.length;
    const free: Slot[] = [];
    for (let k = 0; k < (workers ? SLOTS_PER_WORKER * workers.size : 1); k++)
      free.push(newSlot(Math.min(chunkBytes, dataBytes), ncol, head.rowBytes));

    const table = new TableBuilder(head, (dataBytes / head.rowBytes) * 1.02 + 16);
    const chunks: { fileStart: number; fileEnd: number }[] = [];
    const inFlight: { chunk: Chunk; slot: Slot; part: Promise<ChunkResult> }[] = [];
    const merge = async (): Promise<void> => {
      const { chunk, slot, part: pending } = inFlight.shift() as (typeof inFlight)[number];
      let part: ChunkResult;
      try {
        part = await pending;
      } catch (e) {
        if (e instanceof ChunkFault) throw chunkError(e, head, table.line, chunk.fileStart, fileBytes);
        throw e;
      }
      // Should the columns be too short, the row count extrapolated from the bytes so far sizes them.
      table.add(part, ((table.rows + part.rows) * dataBytes) / (chunk.fileEnd - head.dataStart));
      free.push(slot);
      opts.onProgress?.({ bytes: chunk.fileEnd, totalBytes: size, rows: table.rows });
    };

    const reader = new ChunkReader(fh, head.dataStart, size, head.delimiter.charCodeAt(0), chunkBytes, onBytes);
    for (;;) {
      if (!free.length) await merge();
      const slot = free.pop() as Slot;
      const chunk = await reader.next(slot.bytes);
      if (chunk === null) break;
      chunks.push({ fileStart: chunk.fileStart, fileEnd: chunk.fileEnd });
      const spec = chunkSpec(head, chunk.end);
      let part: Promise<ChunkResult>;
      if (workers) {
        part = workers.parse(chunk.bytes, chunk.end, { ...spec, output: slot.output });
        part.catch(() => undefined); // taken, in order, by merge()
      } else {
        // On this thread, straight into the table's columns.
        const output = table.outputAt(spec.rowsHint) ?? slot.output;
        part = Promise.resolve(
          parseChunkHere(chunk.bytes, 0, chunk.end, { ...spec, output }, head, table.line, chunk.fileStart, fileBytes),
        );
      }
      inFlight.push({ chunk, slot, part });
    }
    while (inFlight.length) await merge();

    for (const r of table.rescans()) {
      const c = chunks[r.chunk];
      const bytes = await readAt(fh, c.fileStart, c.fileEnd - c.fileStart, 1);
      const end = withLineBreak(bytes, c.fileEnd - c.fileStart);
      table.addTexts(
        r,
        parseChunkHere(bytes, 0, end, chunkSpec(head, end, r.textColumns), head, 0, c.fileStart, fileBytes),
      );
    }
    if (!chunks.length) opts.onProgress?.({ bytes: size, totalBytes: size, rows: 0 });
    return table.finish();
  } finally {
    await workers?.close();
  }
}
