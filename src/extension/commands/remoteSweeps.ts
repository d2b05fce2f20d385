/**
 * Following a sweep queued in Redis again: one this workspace queued before its window was reloaded or closed,
 * or one queued from a terminal (`losslab sweep --redis`). Its runs are found in the queue run by run, their
 * curves read again from the start, and their records written where a local sweep's would be.
 */
import * as vscode from 'vscode';
import { LossLabError } from '../../core/errors';
import type { QueuedSweep } from '../remoteTraining';
import { settings } from '../settings';
import type { Ctx } from '../ctx';
import type { Command } from './context';
import { trainSweep } from './experiments';

/** A sweep id as `losslab sweep --redis` prints it (a UUID) or any id of that alphabet. */
const SWEEP_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const OTHER = 'Enter a sweep id…';

export const followRemoteSweep: Command = (c) => async (arg?: unknown) => {
  const pool = await c.ctx.remote.pool();
  if (!pool)
    throw new LossLabError('set lossLab.redisUrl to the Redis the sweep was queued in', { field: 'lossLab.redisUrl' });
  const id = typeof arg === 'string' && SWEEP_ID.test(arg) ? arg : await pickSweep(c.ctx.remote.queued);
  if (!id) return;
  const sweep = await pool.loadSweep(id, 'sweep id');
  const origin = c.ctx.remote.queued.find((s) => s.id === id)?.origin ?? null;
  await c.ctx.remote.remember({ id, experiment: sweep.experiment, origin });
  await trainSweep(c, id, sweep, origin, pool);
};

async function pickSweep(queued: QueuedSweep[]): Promise<string | undefined> {
  if (queued.length) {
    const items = [
      ...queued.map((s) => ({ label: s.experiment, description: s.id })),
      { label: OTHER, description: '' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Loss Lab: follow a sweep on Redis' });
    if (!picked) return undefined;
    if (picked.label !== OTHER) return picked.description;
  }
  return vscode.window
    .showInputBox({
      title: 'Loss Lab: follow a sweep on Redis',
      prompt: 'The sweep id printed by losslab sweep --redis (or shown when the sweep was queued)',
      validateInput: (v) =>
        SWEEP_ID.test(v.trim()) ? null : 'Letters, digits and dashes, as losslab sweep printed it',
    })
    .then((v) => v?.trim());
}

/**
 * After a reload: the sweeps this workspace queued and had not seen to the end are offered to be followed again,
 * once a Redis is set (their runs went on meanwhile, on the workers). A reloaded window may activate before the
 * user's settings have reached it, so the offer waits for `lossLab.redisUrl` rather than reading it once.
 */
export function offerToFollowAgain(ctx: Ctx): void {
  const queued = ctx.remote.queued;
  if (!queued.length) return;
  if (settings.redisUrl().trim()) return void offer(queued);
  // Every change is looked at: the one that brings the user's settings to a new window names no key.
  const waiting = vscode.workspace.onDidChangeConfiguration(() => {
    if (!settings.redisUrl().trim()) return;
    waiting.dispose();
    void offer(ctx.remote.queued);
  });
  ctx.push(waiting);
}

async function offer(queued: QueuedSweep[]): Promise<void> {
  if (!queued.length) return;
  const what = queued.length === 1 ? `The sweep of ${queued[0].experiment}` : `${queued.length} sweeps`;
  const choice = await vscode.window.showInformationMessage(
    `Loss Lab: ${what} queued on Redis went on training while this window was closed.`,
    'Follow Again',
  );
  if (choice)
    await vscode.commands.executeCommand('lossLab.followRemoteSweep', queued.length === 1 ? queued[0].id : undefined);
}
