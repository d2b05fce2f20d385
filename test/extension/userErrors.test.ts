/** The commands' error wrapper outside VS Code: a user's error is reported once, our bugs are rethrown. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LossLabError } from '../../src/core/errors';
import { reportingUserErrors } from '../../src/extension/userErrors';

test('a handler that succeeds returns its value and reports nothing', async () => {
  const reported: unknown[] = [];
  const handler = reportingUserErrors(
    (a: number, b: number) => a + b,
    (e) => reported.push(e),
  );
  assert.equal(await handler(2, 3), 5);
  assert.deepEqual(reported, []);
});

test('a LossLabError goes to the reporter once and the command ends quietly', async () => {
  const reported: unknown[] = [];
  const error = new LossLabError('bad CSV', { file: 'x.csv', line: 3 });
  for (const handler of [
    () => {
      throw error;
    },
    async () => {
      throw error;
    },
  ]) {
    reported.length = 0;
    assert.equal(await reportingUserErrors(handler, (e) => reported.push(e))(), undefined);
    assert.deepEqual(reported, [error]);
  }
});

test('the command waits for the reporter (the user answering the message)', async () => {
  const steps: string[] = [];
  const handler = reportingUserErrors(
    () => {
      throw new LossLabError('bad config');
    },
    async () => {
      await new Promise((r) => setTimeout(r, 5));
      steps.push('reported');
    },
  );
  await handler();
  steps.push('done');
  assert.deepEqual(steps, ['reported', 'done']);
});

test('any other error is ours: rethrown as it is, never reported', async () => {
  const reported: unknown[] = [];
  const bug = new TypeError('undefined is not a function');
  for (const handler of [
    () => {
      throw bug;
    },
    () => Promise.reject(bug),
  ]) {
    await assert.rejects(reportingUserErrors(handler, (e) => reported.push(e))(), (e) => e === bug);
  }
  assert.deepEqual(reported, []);
});

test('a reporter that fails is not swallowed', async () => {
  const broken = new Error('reporter failed');
  const handler = reportingUserErrors(
    () => {
      throw new LossLabError('bad flag');
    },
    () => {
      throw broken;
    },
  );
  await assert.rejects(handler(), (e) => e === broken);
});
