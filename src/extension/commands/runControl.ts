/** Commands that steer live runs: stop, pause, resume one (or several), stop them all. */
import type { RunItem } from '../../views/runsModel';
import type { Ctx } from '../ctx';
import type { Command } from './context';

/** A run given as a tree item, a live key or nothing (then: the dashboard's active one). */
function liveKeyOf(ctx: Ctx, arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'liveKey' in arg) return (arg as RunItem).liveKey ?? undefined;
  const running = ctx.runs.running;
  return running[running.length - 1]?.key;
}

export const stopRun: Command =
  ({ ctx }) =>
  (arg?: unknown) => {
    if (Array.isArray(arg)) return arg.forEach((k) => typeof k === 'string' && ctx.runs.stop(k));
    const key = liveKeyOf(ctx, arg);
    if (key) ctx.runs.stop(key);
  };

export const pauseRun: Command =
  ({ ctx }) =>
  (arg?: unknown) => {
    const key = liveKeyOf(ctx, arg);
    if (key) ctx.runs.pause(key);
  };

export const resumeRun: Command =
  ({ ctx }) =>
  (arg?: unknown) => {
    const key = liveKeyOf(ctx, arg);
    if (key) ctx.runs.resume(key);
  };

export const stopAll: Command =
  ({ ctx }) =>
  () =>
    ctx.runs.stopAll();
