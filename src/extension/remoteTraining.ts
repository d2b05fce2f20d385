/**
 * Runs trained on other machines: the Redis that `lossLab.redisUrl` names, connected on first use (one clear
 * error when it cannot be), and again when the setting names another. A connection stays open while this
 * window lives, since runs queued through it are followed through it. The sweeps queued from this workspace
 * and not yet seen to the end are remembered (their ids, never the URL), so that a reloaded window can follow
 * them again.
 */
import * as vscode from 'vscode';
import { checkRedisUrl } from '../runs/redis/connection';
import { RedisRuns } from '../runs/redis/remoteRuns';
import { settings } from './settings';

const FIELD = 'lossLab.redisUrl';
const MEMORY = 'lossLab.remoteSweeps';
/** Sweeps remembered at most: older ones are still in Redis for the CLI's --resume. */
const REMEMBERED = 10;

/** A sweep queued in Redis from this workspace, as remembered. */
export interface QueuedSweep {
  id: string;
  experiment: string;
  /** Where its runs came from (the experiment file's sweep lens), or null. */
  origin: string | null;
}

export class RemoteTraining implements vscode.Disposable {
  private readonly pools = new Map<string, Promise<RedisRuns>>();

  constructor(
    private readonly outDir: () => string,
    private readonly memory: vscode.Memento,
  ) {}

  /** The sweeps queued from this workspace that this window has not seen to the end, newest first. */
  get queued(): QueuedSweep[] {
    return this.memory.get<QueuedSweep[]>(MEMORY, []);
  }

  remember(sweep: QueuedSweep): Thenable<void> {
    const others = this.queued.filter((s) => s.id !== sweep.id);
    return this.memory.update(MEMORY, [sweep, ...others].slice(0, REMEMBERED));
  }

  forget(id: string): Thenable<void> {
    return this.memory.update(
      MEMORY,
      this.queued.filter((s) => s.id !== id),
    );
  }

  /** The Redis runs are queued in, or null when the setting is empty (they train on this machine). */
  async pool(): Promise<RedisRuns | null> {
    const url = settings.redisUrl().trim();
    if (!url) return null;
    let pool = this.pools.get(url);
    if (!pool) {
      pool = RedisRuns.open(checkRedisUrl(url, FIELD), this.outDir, FIELD);
      this.pools.set(url, pool);
      // A failed connection is tried again the next time.
      pool.catch(() => this.pools.delete(url));
    }
    return pool;
  }

  dispose(): void {
    for (const pool of this.pools.values()) void pool.then((p) => p.close()).catch(() => {});
    this.pools.clear();
  }
}
