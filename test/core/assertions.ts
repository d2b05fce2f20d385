/** Assertions shared by the core's tests. */
import assert from 'node:assert/strict';
import { LossLabError } from '../../src/core/errors';

/** |a − e| ≤ tol (1 + |e|). */
export const close = (a: number, e: number, tol = 1e-12): void =>
  assert.ok(Math.abs(a - e) <= tol * (1 + Math.abs(e)), `${a} vs ${e}`);

/** `fn` throws a user error whose message is (or matches) `message`, naming `field` when given. */
export function throwsLossLab(fn: () => unknown, message: string | RegExp, field?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LossLabError, `not a LossLabError: ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    if (field !== undefined) assert.equal(e.where.field, field);
    return true;
  });
}
