/**
 * Computations that train no recorded run, run off the extension host's thread: the learning-rate range
 * test (seconds of synchronous steps on a large CSV), schedule previews (which read the CSV), a CSV's
 * inspection (its columns and the dataset built from it, most of a second on a million rows), and what a
 * recorded run's weights show (the loss between two solutions, a decision surface), which read the CSV again
 * and score every row. One worker per
 * job; cancelling terminates it, which is safe because the job writes nothing. No vscode import, so it is
 * tested in plain Node.
 */
import { Worker } from 'node:worker_threads';
import type { RunConfig } from '../core/config/types';
import { LossLabError } from '../core/errors';
import type { LrFindResult } from '../core/lrFinder';
import type { SchedulePreview } from '../core/schedulePreview';
import type { SurfaceView } from '../protocol/webview';
import type { InterpolationReport, RunLabels } from './interpolateRuns';
import type { SurfaceFeatures } from './recordedSurface';

export type ToolJob =
  | { type: 'lrFind'; config: RunConfig }
  | {
      type: 'schedule';
      configs: RunConfig[];
    } /** A CSV's inspection; with the config of an experiment's run, read and built with its `data` block. */
  | { type: 'inspect'; file: string; config?: RunConfig }
  /** `losslab interpolate`'s line: from run folder `a` to `b`, or from `a`'s initial weights (b null). */
  | { type: 'interpolate'; a: string; b: string | null; points: number; labels?: RunLabels }
  /** A recorded run's decision surface over two features (recordedSurface.ts). */
  | { type: 'surface'; dir: string; features: SurfaceFeatures };

export type ToolReply =
  /** What the worker is doing now, for the progress notification. */
  | { type: 'progress'; message: string }
  | { type: 'lrFind'; result: LrFindResult }
  | { type: 'schedule'; previews: SchedulePreview[] }
  /** The inspection as Markdown (inspectView.ts). */
  | { type: 'inspect'; markdown: string }
  | { type: 'interpolate'; report: InterpolationReport }
  | { type: 'surface'; surface: SurfaceView | null }
  | {
      type: 'error';
      message: string;
      file?: string;
      line?: number;
      column?: number;
      field?: string;
      userError: boolean;
    };

interface ToolResults {
  lrFind: LrFindResult;
  schedule: SchedulePreview[];
  inspect: string;
  interpolate: InterpolationReport;
  surface: SurfaceView | null;
}

type ResultOf<J extends ToolJob> = ToolResults[J['type']];

type Result = Exclude<ToolReply, { type: 'progress' | 'error' }>;

function resultOf(m: Result): ToolResults[Result['type']] {
  switch (m.type) {
    case 'lrFind':
      return m.result;
    case 'schedule':
      return m.previews;
    case 'inspect':
      return m.markdown;
    case 'interpolate':
      return m.report;
    case 'surface':
      return m.surface;
  }
}

export interface ToolRun<T> {
  /** Resolves with the result, or null when cancelled; rejects with a LossLabError for a user error. */
  result: Promise<T | null>;
  cancel(): void;
}

export function runTool<J extends ToolJob>(
  workerFile: string,
  job: J,
  onProgress: (message: string) => void = () => undefined,
): ToolRun<ResultOf<J>> {
  const worker = new Worker(workerFile);
  let settle: ((v: ResultOf<J> | null) => void) | null = null;
  const result = new Promise<ResultOf<J> | null>((resolve, reject) => {
    const end = (f: () => void) => {
      settle = null;
      void worker.terminate();
      f();
    };
    settle = (v) => end(() => resolve(v));
    worker.on('message', (m: ToolReply) => {
      if (m.type === 'progress') onProgress(m.message);
      else if (m.type === 'error') {
        const { message, userError, ...where } = m;
        end(() => reject(userError ? new LossLabError(message, where) : new Error(message)));
      } else end(() => resolve(resultOf(m) as ResultOf<J>));
    });
    worker.on('error', (e) => end(() => reject(e)));
    worker.on(
      'exit',
      (code) =>
        settle && end(() => reject(new Error(`the Loss Lab tool worker stopped unexpectedly (exit code ${code})`))),
    );
  });
  worker.postMessage(job);
  return { result, cancel: () => settle?.(null) };
}
