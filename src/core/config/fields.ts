/** Small checkers for config fields; each names the field path and the allowed values in its message. */
import { LossLabError, closest, quote, shorten, showValue } from '../errors';

export type Json = Record<string, unknown>;

export function fail(path: string, message: string): never {
  // The path can hold a key from the file; the message shortens it, the location keeps it whole.
  throw new LossLabError(`${shorten(path, 120)} ${message}`, { field: path });
}

export function object(v: unknown, path: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, `must be an object, got ${showValue(v)}`);
  return v as Json;
}

/** Rejects keys outside `allowed`, suggesting the closest one. */
export function onlyKeys(o: Json, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (allowed.includes(k) || k === '$schema' || k.startsWith('//')) continue;
    const near = closest(k, allowed);
    fail(
      `${path ? `${path}.` : ''}${k}`,
      `is not a known field${near.length ? ` (did you mean ${quote(near[0])}?)` : ''}; valid: ${allowed.join(', ')}`,
    );
  }
}

export interface NumberRule {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  integer?: boolean;
}

export function number(v: unknown, path: string, rule: NumberRule = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `must be a number, got ${showValue(v)}`);
  if (rule.integer && !Number.isInteger(v)) fail(path, `must be an integer, got ${v}`);
  const low = rule.min !== undefined && (rule.minExclusive ? v <= rule.min : v < rule.min);
  const high = rule.max !== undefined && (rule.maxExclusive ? v >= rule.max : v > rule.max);
  if (low || high) {
    const lo = rule.min === undefined ? '(-inf' : `${rule.minExclusive ? '(' : '['}${rule.min}`;
    const hi = rule.max === undefined ? 'inf)' : `${rule.max}${rule.maxExclusive ? ')' : ']'}`;
    fail(path, `must be in ${lo}, ${hi}, got ${v}`);
  }
  return v;
}

export function boolean(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `must be true or false, got ${showValue(v)}`);
  return v;
}

export function string(v: unknown, path: string): string {
  if (typeof v !== 'string' || v === '') fail(path, `must be a non-empty string, got ${showValue(v)}`);
  return v;
}

export function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string): T {
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  const near = typeof v === 'string' ? closest(v, allowed) : [];
  return fail(
    path,
    `must be one of ${allowed.join(', ')}, got ${showValue(v)}${near.length ? ` (did you mean ${quote(near[0])}?)` : ''}`,
  );
}

export function stringList(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) fail(path, `must be a list of column names, got ${showValue(v)}`);
  return v.map((x, i) => string(x, `${path}[${i}]`));
}
