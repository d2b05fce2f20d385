/**
 * The fuzz loop: input `i` of a run comes from its own generator seeded by (seed, i), so any input is
 * reproduced from those two numbers alone (`npm run fuzz -- --target csv --seed S --index I`).
 * An input fails when it throws anything but a `LossLabError`, breaks a target's invariant, takes longer
 * than `TIME_LIMIT_MS`, or is rejected with a message too long to read or of more than one line (user text
 * quoted in it is shortened and escaped: see `quote` in src/core/errors.ts).
 */
import { isLossLabError } from '../../src/core/errors';
import { Rng } from '../../src/core/rng';
import type { FuzzTarget } from './targets';

export const TIME_LIMIT_MS = 1000;
/** A user error is one short line plus, at most, the list of valid choices (user text in it is shortened). */
export const MAX_MESSAGE = 600;

export interface Failure {
  target: string;
  index: number;
  kind: 'exception' | 'slow' | 'message' | 'hang';
  detail: string;
  input: string;
}

export interface FuzzStats {
  target: string;
  inputs: number;
  /** Inputs rejected with a LossLabError (the rest were accepted). */
  rejected: number;
  slowestMs: number;
  slowestIndex: number;
  seconds: number;
  failures: Failure[];
}

/** The seed of input `index` (splitmix-style mixing, so neighbouring inputs are unrelated). */
export function caseSeed(seed: number, index: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(index, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

const clip = (s: string, n = 2000): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

export interface FuzzOptions {
  seed: number;
  count: number;
  first?: number;
  /** Called before each input (the worker publishes the index for the hang watchdog). */
  onInput?: (index: number) => void;
  /** Stop after this many failures. */
  maxFailures?: number;
}

export function fuzz(target: FuzzTarget, o: FuzzOptions): FuzzStats {
  const first = o.first ?? 0;
  const stats: FuzzStats = {
    target: target.name,
    inputs: 0,
    rejected: 0,
    slowestMs: 0,
    slowestIndex: -1,
    seconds: 0,
    failures: [],
  };
  const t0 = performance.now();
  for (let index = first; index < first + o.count; index++) {
    o.onInput?.(index);
    const c = target.make(new Rng(caseSeed(o.seed, index)));
    const fail = (kind: Failure['kind'], detail: string) =>
      stats.failures.push({ target: target.name, index, kind, detail, input: clip(c.show()) });
    const start = performance.now();
    try {
      c.run();
    } catch (e) {
      if (!isLossLabError(e)) fail('exception', e instanceof Error ? (e.stack ?? e.message) : String(e));
      else {
        stats.rejected++;
        if (e.message.length > MAX_MESSAGE) fail('message', `${e.message.length} characters: ${clip(e.message, 300)}`);
        else if (/[\n\r]/.test(e.message))
          fail('message', `more than one line: ${JSON.stringify(clip(e.message, 300))}`);
      }
    }
    const ms = performance.now() - start;
    stats.inputs++;
    if (ms > stats.slowestMs) {
      stats.slowestMs = ms;
      stats.slowestIndex = index;
    }
    if (ms > TIME_LIMIT_MS) fail('slow', `${ms.toFixed(0)} ms`);
    if (stats.failures.length >= (o.maxFailures ?? 20)) break;
  }
  stats.seconds = (performance.now() - t0) / 1000;
  return stats;
}
