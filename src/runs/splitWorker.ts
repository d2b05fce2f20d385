/**
 * Entry of a run's second thread (see `splitThread.ts`): it serves the passes of the rows it is given
 * through shared memory until the run stops it (core/model/rowSplit.ts).
 */
import { workerData } from 'node:worker_threads';
import { isSplitJob, serveRowSplit } from '../core/model/rowSplit';

if (isSplitJob(workerData)) serveRowSplit(workerData);
