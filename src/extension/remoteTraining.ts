/**
 * Runs trained on other machines: the Redis that `lossLab.redisUrl` names, connected on first use (one clear
 * error when it cannot be), and again when the setting names another. A connection stays open while this
 * window lives, since runs queued through it are followed through it. The sweeps queued from this workspace
 * and not yet seen to the end are remembered (their ids, never the URL), so that a reloaded window can follow
 * them again: in a file of the extension's workspace storage, written at once, since a window reloaded seconds
 * after queueing must still find them (VS Code's workspace state reaches its storage later, and a browser
 * window reloaded meanwhile loses it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeJsonAtomic } from '../io/runStore';
import { checkRedisUrl } from '../runs/redis/connection';
import { RedisRuns } from '../runs/redis/remoteRuns';
import { settings } from './settings';

const FIELD = 'lossLab.redisUrl';
const MEMORY_FILE = 'queued-sweeps.json';
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
    /** The extension's storage folder for this workspace; none when no folder is open (nothing is remembered). */
    private readonly storage: string | null,
  ) {}

  /** The sweeps queued from this workspace that this window has not seen to the end, newest first. */
  get queued(): QueuedSweep[] {
    if (!this.storage) return [];
    try {
      const kept: unknown = JSON.parse(fs.readFileSync(path.join(this.storage, MEMORY_FILE), 'utf8'));
      return Array.isArray(kept) ? kept.filter(isQueuedSweep) : [];
    } catch {
      return []; // none remembered yet, or a file this extension did not write
    }
  }

  remember(sweep: QueuedSweep): void {
    const others = this.queued.filter((s) => s.id !== sweep.id);
    this.keep([sweep, ...others].slice(0, REMEMBERED));
  }

  forget(id: string): void {
    this.keep(this.queued.filter((s) => s.id !== id));
  }

  private keep(sweeps: QueuedSweep[]): void {
    if (!this.storage) return;
    fs.mkdirSync(this.storage, { recursive: true });
    writeJsonAtomic(path.join(this.storage, MEMORY_FILE), sweeps);
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

function isQueuedSweep(v: unknown): v is QueuedSweep {
  const s = v as Partial<QueuedSweep> | null;
  return (
    typeof s?.id === 'string' && typeof s.experiment === 'string' && (s.origin === null || typeof s.origin === 'string')
  );
}
