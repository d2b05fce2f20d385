/**
 * An optimizer's state between steps, one design for every optimizer: a record of named counters and
 * buffers, as PyTorch's `optimizer.state_dict()['state']` holds them (`step`, `exp_avg`, `exp_avg_sq`,
 * `momentum_buffer`, ...). Each optimizer keeps everything its next step reads in its `state` and nothing
 * elsewhere, so that copying the record is a checkpoint and copying it back resumes the optimizer exactly.
 * Buffers are restored in place (optimizers hold them by reference); a list of buffers (L-BFGS's history)
 * is refilled in place.
 */
import { LossLabError } from '../errors';

export type StateValue = number | boolean | Float64Array | Float64Array[];
export type OptimizerState = Record<string, StateValue>;

/** Anything that keeps its state in a record: every optimizer. */
export interface Stateful {
  readonly state: OptimizerState;
}

/** A deep copy of an optimizer's state, which later steps do not change. */
export function saveState(o: Stateful): OptimizerState {
  return Object.fromEntries(Object.entries(o.state).map(([k, v]) => [k, copyValue(v)]));
}

function copyValue(v: StateValue): StateValue {
  if (v instanceof Float64Array) return v.slice();
  if (Array.isArray(v)) return v.map((a) => a.slice());
  return v;
}

/** The state as JSON holds it (a checkpoint on disk): buffers as arrays of numbers. */
export type StateJson = Record<string, number | boolean | number[] | number[][]>;

export function stateToJson(s: OptimizerState): StateJson {
  return Object.fromEntries(
    Object.entries(s).map(([k, v]) => [
      k,
      v instanceof Float64Array ? Array.from(v) : Array.isArray(v) ? v.map((a) => Array.from(a)) : v,
    ]),
  );
}

/**
 * Puts a saved state (as saved, or as read from JSON) back into `o`, checked against its own: the same
 * optimizer (the same names) and the same sizes. The live state says what each value is.
 */
export function loadState(o: Stateful, saved: OptimizerState | StateJson, field = 'optimizer'): void {
  const live = o.state;
  const names = (r: object) => Object.keys(r).sort().join(', ') || 'nothing';
  if (names(saved) !== names(live))
    throw new LossLabError(
      `${field}: the saved optimizer state holds ${names(saved)}, this optimizer ${names(live)}; resume with the optimizer the run was trained with`,
      { field },
    );
  const misfit = (k: string) =>
    new LossLabError(`${field}: the saved optimizer state's ${k} does not fit this model's parameters`, { field });
  for (const [k, into] of Object.entries(live)) {
    const v = saved[k];
    const size = into instanceof Float64Array ? into.length : bufferSize(live);
    if (into instanceof Float64Array) {
      if (!isNumbers(v) || v.length !== size) throw misfit(k);
      into.set(v);
    } else if (Array.isArray(into)) {
      if (!Array.isArray(v) || !v.every((a) => isNumbers(a) && a.length === size)) throw misfit(k);
      into.splice(0, into.length, ...v.map((a) => Float64Array.from(a as ArrayLike<number>)));
    } else {
      if (typeof v !== typeof into) throw misfit(k);
      live[k] = v as number | boolean;
    }
  }
}

const isNumbers = (v: unknown): v is ArrayLike<number> =>
  v instanceof Float64Array || (Array.isArray(v) && v.every((x) => typeof x === 'number'));

/** The length of a list's buffers (L-BFGS's history): that of the state's longest buffer, one per parameter. */
function bufferSize(state: OptimizerState): number {
  return Math.max(0, ...Object.values(state).map((v) => (v instanceof Float64Array ? v.length : 0)));
}
