/**
 * Starts the second thread of a run with `training.threads` 2. Its script sits beside this module: as
 * `splitWorker.js` next to a bundle (dist/), or compiled next to this file (the tests).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SplitJob } from '../core/model/rowSplit';

export function startSplitThread(job: SplitJob): void {
  const script = join(__dirname, 'splitWorker.js');
  if (!existsSync(script)) throw new Error(`the second training thread's script is missing: ${script}`);
  const worker = new Worker(script, { workerData: job });
  // The run stops it; a process that ends before (an error, Ctrl-C twice) does not wait for it.
  worker.unref();
  // A failure to load the script is the first thread's to report: it stops waiting for this one (splitMemory.ts).
  worker.on('error', () => {});
}
