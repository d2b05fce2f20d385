/**
 * Entry of a chunk-parsing worker thread (see `workers.ts`): parses each chunk it is sent and sends the
 * column parts back, moving their buffers rather than copying them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ChunkFault, parseChunk } from '../../core/csv/chunk';
import { type ChunkReply, type ChunkRequest, WORKER_FLAG } from './workers';

function serve(port: NonNullable<typeof parentPort>): void {
  port.on('message', (m: ChunkRequest) => {
    let reply: ChunkReply;
    const transfer: ArrayBuffer[] = [];
    try {
      const result = parseChunk(m.bytes, 0, m.end, m.spec);
      // Arrays in shared memory go as they are; arrays of their own are moved.
      const move = (a: Float64Array | Int32Array | null) => {
        if (a && a.buffer instanceof ArrayBuffer) transfer.push(a.buffer);
      };
      move(result.lines);
      for (const c of result.columns) {
        move(c.values);
        move(c.codes);
      }
      reply = { id: m.id, result };
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
