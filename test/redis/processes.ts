/** The processes of a remote sweep's tests: the CLI run without blocking the test's event loop, and workers. */
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { CLI, type CliResult } from '../cli/run';
import { type RedisServer, startRedis } from './server';

/** Runs the CLI without blocking the test's event loop (the workers' output is read meanwhile). */
export function losslabAsync(args: string[], cwd?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A CLI process whose output can be watched while it runs. */
export interface Watched {
  child: ChildProcess;
  /** What it wrote to stderr so far (a worker's log). */
  log: string;
  stdout: string;
  exited: Promise<number | null>;
}

export function watch(args: string[]): Watched {
  const child = spawn(process.execPath, [CLI, ...args]);
  const w: Watched = { child, log: '', stdout: '', exited: new Promise((r) => child.on('exit', r)) };
  child.stderr!.on('data', (d: Buffer) => (w.log += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (w.stdout += d.toString()));
  return w;
}

export function startWorker(url: string, name: string): Watched {
  return watch(['worker', '--redis', url, '--name', name]);
}

/** Kills what is still running (a test's `after`). */
export function killAll(processes: readonly Watched[]): void {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
}

export function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (ok()) return resolve();
      if (Date.now() - t0 > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many runs a worker's log says it started, and completed. */
export const startedCount = (log: string) => (log.match(/: started/g) ?? []).length;
export const completedRuns = (log: string) => [...log.matchAll(/run (\S+) .*: completed/g)].map((m) => m[1]);

/**
 * A Redis server started before the suite's tests and stopped after them, with the workers they start
 * (`workers`), all killed at the end.
 */
export function redisForSuite(): { readonly url: string; readonly port: number; workers: Watched[] } {
  let redis: RedisServer;
  const workers: Watched[] = [];
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    killAll(workers);
    await redis.stop();
  });
  return {
    get url() {
      return redis.url;
    },
    get port() {
      return redis.port;
    },
    workers,
  };
}
