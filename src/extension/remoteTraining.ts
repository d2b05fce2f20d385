/**
 * Runs trained on other machines: the Redis that `lossLab.redisUrl` names, connected on first use (one clear
 * error when it cannot be), and again when the setting names another. A connection stays open while this
 * window lives, since runs queued through it are followed through it.
 */
import * as vscode from 'vscode';
import { checkRedisUrl } from '../runs/redis/connection';
import { RedisRuns } from '../runs/redis/remoteRuns';
import { settings } from './settings';

const FIELD = 'lossLab.redisUrl';

export class RemoteTraining implements vscode.Disposable {
  private readonly pools = new Map<string, Promise<RedisRuns>>();

  constructor(private readonly outDir: () => string) {}

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
