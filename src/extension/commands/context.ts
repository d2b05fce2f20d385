/** What every command is built from: the shared context and the two views commands drive. */
import type { Ctx } from '../ctx';
import type { Dashboard } from '../dashboard';
import type { RunsTree } from '../runsTree';

export interface CommandCtx {
  readonly ctx: Ctx;
  readonly dashboard: Dashboard;
  readonly tree: RunsTree;
}

/**
 * A command: built once from the context, its handler returns early when a precondition fails (nothing
 * picked, nothing selected). Errors a user can cause are reported where the commands are registered.
 */
export type Command = (c: CommandCtx) => (...args: never[]) => unknown;
