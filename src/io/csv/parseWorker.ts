/**
 * Entry of a chunk-parsing worker thread (see `workers.ts`): parses each chunk it is sent and sends the
 * column parts back, moving their buffers rather than copying them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ChunkFault, type ChunkSpec, lineBreaks, parseChunk } from '../../core/csv/chunk';
import { type ChunkReply, type ChunkRequest, type Placement, WORKER_FLAG } from './workers';

/** How long a wait for the previous chunk's place lasts before looking again (and letting `terminate` in). */
const WAIT_MS = 50;

/**
 * The chunk's spec, writing into its place in the table's columns (`Placement`) when they have room for it,
 * and the row of the columns it starts at (-1: parsed into `spec.output`).
 */
function placed(m: ChunkRequest, place: Placement): { spec: ChunkSpec; at: number } {
  const { chunk, bases, columns } = place;
  const count = lineBreaks(m.bytes, 0, m.end);
  while (Atomics.load(bases, chunk) < 0) Atomics.wait(bases, chunk, -1, WAIT_MS);
  const base = Atomics.load(bases, chunk);
  Atomics.store(bases, chunk + 1, base + count);
  Atomics.notify(bases, chunk + 1);
  if (base + count > columns.lines.length) return { spec: m.spec, at: -1 };
  const output = {
    values: columns.values.map((v) => v.subarray(base, base + count)),
    lines: columns.lines.subarray(base, base + count),
  };
  return { spec: { ...m.spec, output }, at: base };
}

function serve(port: NonNullable<typeof parentPort>): void {
  port.on('message', (m: ChunkRequest) => {
    let reply: ChunkReply;
    const transfer: ArrayBuffer[] = [];
    try {
      const { spec, at } = m.place ? placed(m, m.place) : { spec: m.spec, at: -1 };
      const result = parseChunk(m.bytes, 0, m.end, spec);
      // Arrays in shared memory go as they are; arrays of their own are moved.
      const move = (a: Float64Array | Int32Array | null) => {
        if (a && a.buffer instanceof ArrayBuffer) transfer.push(a.buffer);
      };
      move(result.lines);
      for (const c of result.columns) {
        move(c.values);
        move(c.codes);
      }
      reply = { id: m.id, result, at };
    } catch (e) {
      reply =
        e instanceof ChunkFault
          ? { id: m.id, fault: e.fault }
          : { id: m.id, failure: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply, transfer);
  });
}

if (parentPort && workerData === WORKER_FLAG) serve(parentPort);
