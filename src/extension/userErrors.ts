/**
 * The one place a command's errors are sorted: an error a user can cause (a bad CSV, a bad config) goes to
 * the reporter once, and the command ends quietly; anything else is our bug and is rethrown, so it
 * surfaces with its stack. No vscode here: the reporter is a parameter.
 */
import { type LossLabError, isLossLabError } from '../core/errors';

export function reportingUserErrors<A extends unknown[]>(
  handler: (...args: A) => unknown,
  report: (e: LossLabError) => unknown,
): (...args: A) => Promise<unknown> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (e) {
      if (!isLossLabError(e)) throw e;
      await report(e);
      return undefined;
    }
  };
}
