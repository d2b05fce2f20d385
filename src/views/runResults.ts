/**
 * A finished run's end-of-run views for the dashboard, from its summary (the confusion matrix) or its
 * folder (predictions.json). What is read from disk is checked before it is sent: a damaged or foreign
 * file shows no view rather than a broken one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classReport } from '../core/trainer/classReport';
import type { RunSummary } from '../core/trainer/events';
import type { RunResults } from '../protocol/resultViews';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
/** JSON writes a non-finite prediction as null. */
const values = (v: unknown): v is (number | null)[] => Array.isArray(v) && v.every((x) => x === null || typeof x === 'number');

function classification(s: RunSummary): RunResults | null {
  const { confusion, classes } = s;
  if (!confusion || !classes || confusion.length !== classes.length || confusion.some((row) => !numbers(row) || row.length !== classes.length)) return null;
  // The metrics (and so the matrix) are on the training split when there is no validation split.
  const split = s.final && s.final.valLoss === null ? 'training' : 'validation';
  return { kind: 'classification', split, classes, confusion, report: classReport(confusion) };
}

/** The parsed predictions.json of a regression run, or null when missing or not in the expected shape. */
export function readPredictions(runDir: string): RunResults | null {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(runDir, 'predictions.json'), 'utf8'));
  } catch {
    return null;
  }
  if (!isObject(raw) || raw.task !== 'regression' || !values(raw.actual) || !values(raw.predicted) || raw.actual.length !== raw.predicted.length) return null;
  const h = raw.residuals;
  if (!isObject(h) || !numbers(h.edges) || !numbers(h.counts) || (h.counts.length > 0 && h.edges.length !== h.counts.length + 1)) return null;
  if (typeof raw.rows !== 'number' || typeof raw.target !== 'string' || (raw.split !== 'validation' && raw.split !== 'training')) return null;
  const actual: number[] = [];
  const predicted: number[] = [];
  raw.actual.forEach((a, i) => {
    const p = (raw.predicted as (number | null)[])[i];
    if (a !== null && p !== null) {
      actual.push(a);
      predicted.push(p);
    }
  });
  return { kind: 'regression', split: raw.split, target: raw.target, rows: raw.rows, actual, predicted, residuals: { edges: h.edges, counts: h.counts } };
}

/** The views of a run that has ended; null for a run still going or one with nothing to show (embedding, distribution). */
export function runResults(summary: RunSummary | null, runDir: string | null): RunResults | null {
  if (!summary || summary.status === 'running') return null;
  if (summary.task === 'binary' || summary.task === 'multiclass') return classification(summary);
  if (summary.task === 'regression' && runDir) return readPredictions(runDir);
  return null;
}
