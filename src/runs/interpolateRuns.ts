/**
 * The loss between two recorded solutions (`losslab interpolate`): from run A's trained weights to run B's,
 * or, given one run, from its initial weights to its trained ones. The two runs must share their data (file,
 * rows, encoding and split) and their architecture; the loss along the line is run A's.
 */
import { LossLabError, quote } from '../core/errors';
import type { ModelWeights } from '../core/model/weights';
import { DEFAULT_POINTS, type Interpolation, interpolate } from '../core/probe/interpolate';
import type { RunPlan } from '../core/trainer/setup';
import { planRun } from '../core/trainer/setup';
import { readRunJson } from '../io/exportSource';
import { readTrainedRun, trainedWeights } from '../io/trainedRun';
import { type LiveRun, flatOf, loadLiveRun, scorerOf } from './trainedModel';

export interface InterpolationReport extends Interpolation {
  /** The run folders at α = 0 and α = 1 (the same run, from its initial weights, when one was given). */
  from: { run: string; weights: 'initial' | 'final' | 'best' };
  to: { run: string; weights: 'final' | 'best' };
  /** The loss scored along the line: run A's. */
  loss: string;
}

/** How a refusal names the two runs: the CLI's arguments, or the names the dashboard shows. */
export type RunLabels = [a: string, b: string];

export async function interpolateRuns(
  dirA: string,
  dirB: string | null,
  points = DEFAULT_POINTS,
  labels: RunLabels = ['RUN_A', 'RUN_B'],
): Promise<InterpolationReport> {
  const a = await loadLiveRun(dirA);
  const which = (r: { best: unknown }) => (r.best ? 'best' : 'final') as 'best' | 'final';
  let start: ModelWeights;
  let end: ModelWeights;
  let to: InterpolationReport['to'];
  const from: InterpolationReport['from'] = { run: a.run.meta.id, weights: dirB === null ? 'initial' : which(a.run) };
  if (dirB === null) {
    // initial.json holds the layers; the task's parameters start at 0 (see model/weights.ts).
    start = { layers: a.run.initial, task: new Array<number>(a.model.taskParams.length).fill(0) };
    end = trainedWeights(a.run);
    to = { run: a.run.meta.id, weights: which(a.run) };
  } else {
    const b = readTrainedRun(dirB);
    checkSameData(a, dirB, b.meta.dataHash, labels);
    checkSameArchitecture(a.plan, planRun(b.meta.config, a.data.dataset), b.meta.id, labels);
    start = trainedWeights(a.run);
    end = trainedWeights(b);
    to = { run: b.meta.id, weights: which(b) };
  }
  const line = interpolate(
    scorerOf(a),
    flatOf(a, start, 'RUN_A'),
    flatOf(a, end, dirB === null ? 'RUN' : 'RUN_B'),
    points,
  );
  return { from, to, loss: a.plan.loss.id, ...line };
}

/** Same file (by hash) and the same rows, encoding and split (preprocessing.json), else the losses would not compare. */
function checkSameData(a: LiveRun, dirB: string, hashB: string, [nameA, nameB]: RunLabels): void {
  const prep = (dir: string) =>
    JSON.stringify(readRunJson(dir, 'preprocessing.json', 'how the CSV was encoded and split'));
  const what =
    hashB !== a.run.meta.dataHash
      ? 'different data files'
      : prep(a.run.dir) !== prep(dirB)
        ? 'the same file read or split differently (rows, features, encoding or validation split)'
        : null;
  if (what)
    throw new LossLabError(
      `${nameA} and ${nameB} were trained on ${what}, so no one dataset scores both; compare runs of one dataset and split (same data settings and seed)`,
      { field: 'data' },
    );
}

function checkSameArchitecture(a: RunPlan, b: RunPlan, idB: string, [nameA, nameB]: RunLabels): void {
  const shape = (p: RunPlan) => {
    const m = p.config.model;
    return `${p.sizes.join(' → ')} ${m.activation}${m.batchNorm ? ' with batch norm' : ''}${p.loss.taskParamCount ? ` and ${p.loss.taskParamCount} task parameters` : ''}`;
  };
  if (shape(a) !== shape(b))
    throw new LossLabError(
      `${nameA} and ${nameB} have different architectures (${shape(a)}; run ${quote(idB)}: ${shape(b)}), so no straight line joins their weights`,
      { field: 'model.hidden' },
    );
}
