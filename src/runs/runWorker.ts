/**
 * A training worker: one per running run (then the next queued one), so training never blocks the
 * extension host's thread. It runs the
 * core's `runTraining` (which records the run) and relays events, batching step events so a run with
 * thousands of steps a second costs the host a few messages a second.
 */
import { parentPort } from 'node:worker_threads';
import { isLossLabError } from '../core/errors';
import { createKernels } from '../core/model/kernels';
import { applyEnvironment } from '../io/env';
import { runTraining } from './runTraining';
import { resumeRun } from './resumeRun';
import { RunControl } from '../core/trainer/control';
import type { RunEvent } from '../core/trainer/events';
import type { HostToWorker, WorkerToHost } from '../protocol/worker';

const BATCH_MS = 50;
const port = parentPort!;
/** The current run's; each run starts with a fresh one, since a worker may train several runs in turn. */
let control = new RunControl();
let pending: RunEvent[] = [];
let lastPost = 0;
/** The current run's `relaySteps` (see `WorkerStart`). */
let relaySteps = true;

function post(m: WorkerToHost): void {
  port.postMessage(m);
}

function flush(): void {
  if (!pending.length) return;
  post({ type: 'events', events: pending });
  pending = [];
  lastPost = Date.now();
}

function onEvent(e: RunEvent): void {
  if (e.type === 'step' && !relaySteps) return;
  pending.push(e);
  // Steps and epochs travel in batches (a small dataset can finish hundreds of epochs a second);
  // the start, the end and log lines go at once.
  if ((e.type !== 'step' && e.type !== 'epoch') || Date.now() - lastPost >= BATCH_MS) flush();
}

port.on('message', (m: HostToWorker) => {
  switch (m.type) {
    case 'cancel':
      control.cancel();
      break;
    case 'pause':
      control.pause();
      break;
    case 'resume':
      control.resume();
      break;
    case 'setLr':
      control.setLr(m.lr);
      break;
    case 'start':
      control = new RunControl();
      relaySteps = m.relaySteps !== false;
      (m.resume
        ? resumeRun(m.resume.dir, {
            lr: m.resume.lr,
            outDir: m.outDir,
            control,
            onEvent,
            onRecorded: (runDir) => post({ type: 'recorded', runDir }),
          })
        : runTraining(m.config, {
            outDir: m.outDir,
            experiment: m.experiment,
            control,
            onEvent,
            onRecorded: (runDir) => post({ type: 'recorded', runDir }),
            data: m.data,
            sweep: m.sweep,
            recordEvents: m.recordEvents,
            // After the events before it, so that the host has the epoch the surface belongs to.
            onSurface: (epoch, surface) => {
              flush();
              post({ type: 'surface', epoch, surface });
            },
            onRows: (rows) => {
              flush();
              post({ type: 'rows', rows });
            },
          })
      ).then(
        (outcome) => {
          flush();
          post({ type: 'done', summary: outcome.summary });
        },
        (e: unknown) => {
          flush();
          if (isLossLabError(e)) post({ type: 'error', message: e.message, ...e.where, userError: true });
          else
            post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e), userError: false });
        },
      );
      break;
  }
});

// The WebAssembly kernels are compiled (and warmed up) once per worker; doing it now, as the worker
// starts, overlaps it with the host's preparing the first run's data.
applyEnvironment();
createKernels();
