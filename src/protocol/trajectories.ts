/**
 * Messages between the extension host and the optimizer-trajectories webview (dist/trajectories.js).
 * The host computes everything; the webview draws it and posts back what the user asked for, which
 * `parseTrajectoryMessage` checks before the host acts on it.
 */
import type { SurfaceGrid } from '../core/trajectories/grid';
import type { PathResult } from '../core/trajectories/paths';
import type { Trajectories } from '../core/trajectories/types';

export interface SurfaceChoice {
  id: string;
  title: string;
  description: string;
  /** Default rate per path optimizer. */
  lrs: Record<string, number>;
}

/** The run whose model can be sliced, when the panel was opened on a CSV or an experiment file. */
export interface ModelChoice {
  name: string;
  /** Every parameter's name (`w0[1][2]`, `b0[0]`), in the model's order. */
  parameters: string[];
  weights: [string, string];
}

export type { PathResult, SurfaceGrid };

export type TrajectoryHostMessage =
  | {
      type: 'setup';
      surfaces: SurfaceChoice[];
      optimizers: { id: string; label: string }[];
      defaults: { optimizers: string[]; steps: number };
      model: ModelChoice | null;
    }
  /** The answer to a `compute`; `request` echoes its number so a stale answer can be dropped. */
  | ({ type: 'result'; request: number } & Trajectories)
  | { type: 'error'; request: number; message: string };

export interface ComputeRequest {
  type: 'compute';
  request: number;
  surface: string;
  optimizers: { id: string; lr: number }[];
  steps: number;
  /** For the model surface: the two parameters. */
  weights: [string, string] | null;
}

export type TrajectoryWebviewMessage = { type: 'ready' } | ComputeRequest;

export const MAX_TRAJECTORY_STEPS = 5000;
const ID = /^[a-z_]{1,40}$/;
const PARAMETER = /^[wb]\d{1,4}\[\d{1,6}\](\[\d{1,6}\])?$/;
const MAX_OPTIMIZERS = 16;

function isRate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1e3;
}

function optimizerEntry(v: unknown): { id: string; lr: number } | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (Object.keys(o).sort().join(',') !== 'id,lr' || typeof o.id !== 'string' || !ID.test(o.id) || !isRate(o.lr))
    return null;
  return { id: o.id, lr: o.lr };
}

/**
 * The message if it is exactly a `ready` or a well-formed `compute`, else null. Ids are only checked for
 * shape here; the core's registries then refuse ids they do not know, with the usual message.
 */
export function parseTrajectoryMessage(raw: unknown): TrajectoryWebviewMessage | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const m = raw as Record<string, unknown>;
  const keys = Object.keys(m).sort().join(',');
  if (m.type === 'ready') return keys === 'type' ? { type: 'ready' } : null;
  if (m.type !== 'compute' || keys !== 'optimizers,request,steps,surface,type,weights') return null;
  if (typeof m.request !== 'number' || !Number.isSafeInteger(m.request) || m.request < 0) return null;
  if (typeof m.surface !== 'string' || !ID.test(m.surface)) return null;
  if (typeof m.steps !== 'number' || !Number.isInteger(m.steps) || m.steps < 1 || m.steps > MAX_TRAJECTORY_STEPS)
    return null;
  if (!Array.isArray(m.optimizers) || m.optimizers.length > MAX_OPTIMIZERS) return null;
  const optimizers = m.optimizers.map(optimizerEntry);
  if (optimizers.some((o) => o === null) || new Set(optimizers.map((o) => o!.id)).size !== optimizers.length)
    return null;
  let weights: [string, string] | null = null;
  if (m.weights !== null) {
    const w = m.weights;
    if (
      !Array.isArray(w) ||
      w.length !== 2 ||
      !w.every((s) => typeof s === 'string' && PARAMETER.test(s)) ||
      w[0] === w[1]
    )
      return null;
    weights = [w[0], w[1]];
  }
  return {
    type: 'compute',
    request: m.request,
    surface: m.surface,
    optimizers: optimizers as { id: string; lr: number }[],
    steps: m.steps,
    weights,
  };
}
