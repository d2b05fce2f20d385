/**
 * Hyperparameter declarations shared by losses, optimizers and schedules: one table per component drives
 * validation, defaults, the JSON schema, the CLI's `k=v` parsing and the README's parameter lists.
 */
import { LossLabError, closest, shorten, showValue } from './errors';

export type ParamValue = number | boolean | string | number[];

export interface ParamSpec {
  name: string;
  /** `numbers` is an array of numbers (betas, class weights, milestones). */
  type: 'number' | 'integer' | 'boolean' | 'string' | 'numbers';
  /** `null`: no default (optional and absent, like class weights, or filled from the run, like T_max). */
  default: ParamValue | null;
  /** Inclusive bounds unless the matching `*Exclusive` flag is set; for arrays, each element's bounds. */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** For `numbers`: the exact length, when fixed. */
  length?: number;
  /** For `string`: the allowed values. */
  choices?: readonly string[];
  doc: string;
}

export type Params = Record<string, ParamValue | null>;

function rangeText(s: ParamSpec): string {
  const lo = s.min === undefined ? '(-inf' : `${s.minExclusive ? '(' : '['}${s.min}`;
  const hi = s.max === undefined ? 'inf)' : `${s.max}${s.maxExclusive ? ')' : ']'}`;
  return `${lo}, ${hi}`;
}

function inRange(s: ParamSpec, v: number): boolean {
  if (!Number.isFinite(v)) return false;
  if (s.min !== undefined && (s.minExclusive ? v <= s.min : v < s.min)) return false;
  if (s.max !== undefined && (s.maxExclusive ? v >= s.max : v > s.max)) return false;
  return true;
}

function checkNumber(s: ParamSpec, v: unknown, path: string): number {
  if (typeof v !== 'number' || Number.isNaN(v))
    throw new LossLabError(`${path} must be a number, got ${showValue(v)}`, { field: path });
  if (s.type === 'integer' && !Number.isInteger(v))
    throw new LossLabError(`${path} must be an integer, got ${v}`, { field: path });
  if (!inRange(s, v)) throw new LossLabError(`${path} must be in ${rangeText(s)}, got ${v}`, { field: path });
  return v;
}

/** Checks one value against its spec; `path` names it in messages (`optimizer.betas`). */
export function checkParam(s: ParamSpec, v: unknown, path: string): ParamValue {
  switch (s.type) {
    case 'number':
    case 'integer':
      return checkNumber(s, v, path);
    case 'boolean':
      if (typeof v !== 'boolean')
        throw new LossLabError(`${path} must be true or false, got ${showValue(v)}`, { field: path });
      return v;
    case 'string':
      if (typeof v !== 'string' || (s.choices && !s.choices.includes(v)))
        throw new LossLabError(`${path} must be one of ${(s.choices ?? []).join(', ')}, got ${showValue(v)}`, {
          field: path,
        });
      return v;
    case 'numbers': {
      if (!Array.isArray(v))
        throw new LossLabError(`${path} must be a list of numbers, got ${showValue(v)}`, { field: path });
      if (s.length !== undefined && v.length !== s.length)
        throw new LossLabError(`${path} must have ${s.length} numbers, got ${v.length}`, { field: path });
      return v.map((x, i) => checkNumber(s, x, `${path}[${i}]`));
    }
  }
}

/**
 * Fills defaults and validates `given` against `specs`. Unknown keys are errors that list the valid ones;
 * `owner` names the component for that message (`adam`), `path` prefixes field paths (`optimizer`).
 */
export function resolveParams(
  specs: readonly ParamSpec[],
  given: Record<string, unknown>,
  path: string,
  owner: string,
): Params {
  const out: Params = {};
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(given)) {
    if (!names.includes(key)) {
      const near = closest(key, names);
      const valid = names.length ? `valid: ${names.join(', ')}` : `${owner} takes no parameters`;
      throw new LossLabError(
        `${path}.${shorten(key)} is not a parameter of ${owner}${near.length ? ` (did you mean ${near[0]}?)` : ''}; ${valid}`,
        { field: `${path}.${key}` },
      );
    }
  }
  for (const s of specs) {
    const v = given[s.name];
    out[s.name] = v === undefined || v === null ? s.default : checkParam(s, v, `${path}.${s.name}`);
  }
  return out;
}

/** Reads a resolved numeric parameter (the registry guarantees the type). */
export function num(p: Params, name: string): number {
  return p[name] as number;
}
