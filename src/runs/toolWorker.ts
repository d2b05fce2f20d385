/**
 * The worker behind toolJobs.ts: one job (an LR range test, schedule previews, a CSV's inspection, the loss
 * between two solutions, a recorded run's decision surface), one reply, then the host ends it.
 */
import { parentPort } from 'node:worker_threads';
import type { RunConfig } from '../core/config/types';
import { loadCsv } from '../io/csv/load';
import { isLossLabError } from '../core/errors';
import { findLearningRate } from '../core/lrFinder';
import { previewRuns } from './previewRuns';
import { interpolateRuns } from './interpolateRuns';
import { recordedSurface } from './recordedSurface';
import { loadData } from '../io/data';
import { matrixMemory } from '../io/memory';
import { applyEnvironment } from '../io/env';
import { csvOptions, dataOptions } from '../core/run';
import { inspectMarkdown, inspectTable } from '../views/inspectView';
import type { ToolJob, ToolReply } from './toolJobs';

applyEnvironment();

const port = parentPort!;
const post = (m: ToolReply) => port.postMessage(m);

port.once('message', async (job: ToolJob) => {
  try {
    if (job.type === 'lrFind') {
      post({ type: 'progress', message: 'reading the data' });
      const { dataset } = await loadData(job.config);
      // The first step, then a few progress messages a second at most: each is a round trip to the window.
      let last = 0;
      const result = findLearningRate(job.config, dataset, {}, (done, total, lr) => {
        const now = performance.now();
        if (done > 1 && now - last < 250) return;
        last = now;
        post({
          type: 'progress',
          message: `step ${done} of ${total}, lr ${lr.toExponential(1)} (${dataset.train.length} training rows)`,
        });
      });
      post({ type: 'lrFind', result });
    } else if (job.type === 'schedule') {
      post({ type: 'progress', message: 'reading the data' });
      post({ type: 'schedule', previews: await previewRuns(job.configs) });
    } else if (job.type === 'interpolate') {
      post({ type: 'progress', message: 'reading the data and scoring the line' });
      post({ type: 'interpolate', report: await interpolateRuns(job.a, job.b, job.points, job.labels) });
    } else if (job.type === 'surface') {
      post({ type: 'surface', surface: await recordedSurface(job.dir, job.features) });
    } else {
      post({ type: 'progress', message: 'reading the data' });
      post({ type: 'inspect', markdown: await inspection(job.file, job.config) });
    }
  } catch (e) {
    if (isLossLabError(e)) post({ type: 'error', message: e.message, ...e.where, userError: true });
    else post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e), userError: false });
  }
});

/**
 * The columns as typed, and the dataset the target makes, or why there is none; read and built with the
 * config's `data` block when there is one (else the last column is the target).
 */
async function inspection(file: string, config: RunConfig | undefined): Promise<string> {
  const read = config ? csvOptions(config) : {};
  const table = await loadCsv(file, read);
  return inspectMarkdown(inspectTable(table, { ...(config ? dataOptions(config) : {}), memory: matrixMemory() }));
}
