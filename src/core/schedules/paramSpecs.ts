/** Parameter declarations that several schedules share, and readers for defaults filled from the run. */
import type { ParamSpec, Params } from '../params';

export function gammaParam(dflt: number | null, doc: string): ParamSpec {
  return { name: 'gamma', type: 'number', default: dflt, min: 0, minExclusive: true, max: 1, doc };
}

export const ETA_MIN: ParamSpec = {
  name: 'eta_min',
  type: 'number',
  default: 0,
  min: 0,
  doc: 'The lowest rate, reached at the end of each cosine.',
};

/** A length in steps whose default (`null`) is the run's length. */
export function runLengthParam(name: string, doc: string): ParamSpec {
  return { name, type: 'integer', default: null, min: 1, doc: `${doc} Default: the run's total number of steps.` };
}

/** The resolved number, or `fallback` when the parameter was left to the run (`null`). */
export function numOr(p: Params, name: string, fallback: number): number {
  const v = p[name];
  return v === null ? fallback : (v as number);
}

/** A default length derived from the run: at least one step. */
export function steps(x: number): number {
  return Math.max(1, Math.round(x));
}
