/**
 * A finished run's end-of-run views for the dashboard, from its summary (the confusion matrix) or its
 * folder (predictions.json). What is read from disk is checked before it is sent: a run without the file
 * shows no view, a damaged or foreign file a message that says so rather than a broken view.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classReport } from '../core/trainer/classReport';
import type { RunSummary } from '../core/trainer/events';
import type { RegressionPredictions } from '../core/trainer/predictions';
import type { RegressionResults, RunResults, UnreadableResults } from '../protocol/resultViews';
import { showPath } from '../core/errors';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
/** JSON writes a non-finite prediction as null. */
const values = (v: unknown): v is (number | null)[] =>
  Array.isArray(v) && v.every((x) => x === null || typeof x === 'number');

function classification(s: RunSummary): RunResults | null {
  const { confusion, classes } = s;
  if (
    !confusion ||
    !classes ||
    confusion.length !== classes.length ||
    confusion.some((row) => !numbers(row) || row.length !== classes.length)
  )
    return null;
  // The metrics (and so the matrix) are on the training split when there is no validation split.
  const split = s.final && s.final.valLoss === null ? 'training' : 'validation';
  return { kind: 'classification', split, classes, confusion, report: classReport(confusion) };
}

/** The file as trainer/predictions.ts writes it, JSON turning a non-finite prediction into null. */
type PredictionsFile = Omit<RegressionPredictions, 'actual' | 'predicted'> & {
  actual: (number | null)[];
  predicted: (number | null)[];
};

/** What is wrong with a parsed predictions.json, or null when it has the shape written. */
function shapeProblem(raw: unknown): string | null {
  if (!isObject(raw) || raw.task !== 'regression') return 'not the predictions of a regression run';
  if (!values(raw.actual) || !values(raw.predicted) || raw.actual.length !== raw.predicted.length)
    return 'its actual and predicted values are not two lists of numbers of one length';
  const h = raw.residuals;
  if (
    !isObject(h) ||
    !numbers(h.edges) ||
    !numbers(h.counts) ||
    (h.counts.length > 0 && h.edges.length !== h.counts.length + 1)
  )
    return 'its residual histogram is malformed';
  if (
    typeof raw.rows !== 'number' ||
    typeof raw.target !== 'string' ||
    (raw.split !== 'validation' && raw.split !== 'training')
  )
    return 'its rows, target or split is missing or malformed';
  return null;
}

function unreadable(file: string, why: string): UnreadableResults {
  return {
    kind: 'unreadable',
    message: `${showPath(file)} cannot be read (${why}), so the predicted-vs-actual and residual charts are not shown; re-run the run to write it again.`,
  };
}

function regression(p: PredictionsFile): RegressionResults {
  const actual: number[] = [];
  const predicted: number[] = [];
  p.actual.forEach((a, i) => {
    const y = p.predicted[i];
    if (a !== null && y !== null) {
      actual.push(a);
      predicted.push(y);
    }
  });
  return {
    kind: 'regression',
    split: p.split,
    target: p.target,
    rows: p.rows,
    actual,
    predicted,
    residuals: { edges: p.residuals.edges, counts: p.residuals.counts },
  };
}

/**
 * The views of a regression run from its predictions.json: null when the run has none (a run writes it as
 * it ends), an `unreadable` result that says what is wrong when the file is there but damaged or foreign.
 */
export function readPredictions(runDir: string): RegressionResults | UnreadableResults | null {
  const file = path.join(runDir, 'predictions.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return unreadable(
      file,
      e instanceof SyntaxError ? 'not valid JSON' : ((e as NodeJS.ErrnoException).code ?? String(e)),
    );
  }
  const problem = shapeProblem(raw);
  return problem ? unreadable(file, problem) : regression(raw as PredictionsFile);
}

/** The views of a run that has ended; null for a run still going or one with nothing to show (embedding, distribution). */
export function runResults(summary: RunSummary | null, runDir: string | null): RunResults | null {
  if (!summary || summary.status === 'running') return null;
  if (summary.task === 'binary' || summary.task === 'multiclass') return classification(summary);
  if (summary.task === 'regression' && runDir) return readPredictions(runDir);
  return null;
}
