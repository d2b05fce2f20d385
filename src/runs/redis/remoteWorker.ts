/**
 * `losslab worker`: trains the runs of remote sweeps, taken from Redis with BullMQ. Each run trains on a
 * worker thread (the same `runWorker.ts` as a local run, so the same numbers), which leaves this thread free
 * to renew the job's lock however long a step takes, to stream the run's events back and to poll for a
 * cancel. A worker killed mid-run loses nothing: its lock lapses and another worker starts the run again
 * (see LOCK_SETTINGS). A thread dies with its process, so a killed worker leaves no training behind.
 * A thread whose run ended normally trains the next run, as in the local pool: a fresh one would load and
 * compile the training code again, a sizeable share of a short run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunSummary } from '../../core/trainer/events';
import { VERSION } from '../../core/version';
import {
  RECORD_FILE,
  type RecordFile,
  type RemoteJob,
  type RemoteMessage,
  parseRemoteJob,
  surfaceToJson,
} from '../../protocol/remote';
import type { HostToWorker, WorkerToHost } from '../../protocol/worker';
import { checkRedis, maskRedisUrl, redisConnection } from './connection';
import { DataCache } from './dataTransfer';
import { CONTROL_POLL_MS, KEEP_SECONDS, LOCK_SETTINGS, QUEUE_NAME, QUEUE_PREFIX, redisKeys } from './keys';

export interface RemoteWorkerOptions {
  url: string;
  /** Runs trained at once. */
  concurrency: number;
  /** The training worker's bundle (dist/worker.js). */
  workerFile: string;
  /** How this worker names itself in run records. */
  name: string;
  /** Where downloaded data is kept, by hash. */
  cacheDir: string;
  log: (line: string) => void;
}

/** A run being trained here: enough to cancel it or hand it back. */
interface Active {
  job: Job;
  token: string | undefined;
  thread: Thread;
  handedBack: boolean;
}

export class RemoteWorker {
  private readonly active = new Set<Active>();
  /** Threads waiting for a run: started ahead, or whose run ended normally. */
  private readonly idle: Thread[] = [];
  private readonly data: DataCache;

  private constructor(
    private readonly opts: RemoteWorkerOptions,
    private readonly redis: Redis,
    private readonly worker: Worker,
    private readonly workerConnection: Redis,
  ) {
    this.data = new DataCache(redis, opts.cacheDir);
  }

  /** Checks the server (one clear error when it cannot be used), then starts taking runs. */
  static async start(opts: RemoteWorkerOptions): Promise<RemoteWorker> {
    const version = await checkRedis(opts.url);
    const redis = redisConnection(opts.url);
    let self: RemoteWorker | null = null;
    const connection = redisConnection(opts.url);
    const worker = new Worker(QUEUE_NAME, (job, token) => self!.process(job, token), {
      connection,
      prefix: QUEUE_PREFIX,
      concurrency: opts.concurrency,
      ...LOCK_SETTINGS,
    });
    self = new RemoteWorker(opts, redis, worker, connection);
    // Started ahead, so that they load the training code while the first jobs are fetched.
    for (let i = 0; i < opts.concurrency; i++) self.idle.push(self.newThread());
    const shown = maskRedisUrl(opts.url);
    worker.on('error', (e) => opts.log(`worker: Redis at ${shown}: ${e.message.replaceAll(opts.url, shown)}`));
    opts.log(
      `worker ${opts.name}: connected to Redis ${version} at ${shown}, training up to ${opts.concurrency} run(s) at once`,
    );
    return self;
  }

  /**
   * Stops taking runs. `handBack` false: the runs in training finish first; true: they are stopped and put
   * back in the queue at once, for another worker to start again.
   */
  async close(handBack: boolean): Promise<void> {
    if (this.redis.status !== 'ready') return this.abandon();
    if (handBack) for (const a of this.active) await this.handBack(a);
    await this.worker.close(handBack);
    // BullMQ leaves a connection it was given open.
    this.workerConnection.disconnect();
    this.redis.disconnect();
    await this.endIdle();
  }

  private async endIdle(): Promise<void> {
    for (const thread of this.idle.splice(0)) await thread.terminate();
  }

  /**
   * Stops at once while Redis is out of reach: nothing can be finished or handed back then (a result could
   * not be sent, and waiting for Redis would hang), so the runs in training are stopped and their locks left
   * to lapse; another worker restarts them, as after a lost worker.
   */
  private async abandon(): Promise<void> {
    this.opts.log(
      `worker: Redis at ${maskRedisUrl(this.opts.url)} is out of reach; stopping ${this.active.size} run(s) in training, which another worker will restart`,
    );
    this.workerConnection.disconnect();
    this.redis.disconnect();
    for (const a of this.active) await a.thread.terminate();
    await this.endIdle();
    // BullMQ's close waits for commands that can no longer be answered: not awaited past a moment.
    await Promise.race([this.worker.close(true).catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())]);
  }

  private async handBack(a: Active): Promise<void> {
    a.handedBack = true;
    await a.job.moveToWait(a.token);
    await a.thread.terminate();
  }

  private async process(job: Job, token: string | undefined): Promise<{ status: string }> {
    const attempt = job.attemptsStarted;
    const stream = redisKeys.events(job.id!);
    const send = (m: RemoteMessage) => this.redis.xadd(stream, '*', 'm', JSON.stringify(m));
    await this.redis
      .multi()
      .xadd(stream, '*', 'm', JSON.stringify({ type: 'attempt', attempt, worker: this.opts.name }))
      .expire(stream, KEEP_SECONDS)
      .exec();
    let spec: RemoteJob;
    try {
      spec = parseRemoteJob(job.data);
      if (spec.version !== VERSION)
        throw new Error(
          `the sweep was queued by Loss Lab ${spec.version} and this worker runs ${VERSION}; run the same version on both`,
        );
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await send({ type: 'error', attempt, message, userError: true });
      throw new UnrecoverableError(message);
    }
    if (await this.redis.exists(redisKeys.cancelled(job.id!))) {
      await send({ type: 'cancelled', attempt });
      return { status: 'cancelled' };
    }
    this.opts.log(`run ${job.id} ${spec.config.name}${attempt > 1 ? ` (attempt ${attempt})` : ''}: started`);
    const file = await this.data.get(spec.dataHash);
    const summary = await this.train(job, token, spec, file, (m) => send({ ...m, attempt } as RemoteMessage));
    this.opts.log(`run ${job.id} ${spec.config.name}: ${summary.status}`);
    return { status: summary.status };
  }

  /** A training thread; one that stops while it waits for a run is dropped, and the run gets a fresh one. */
  private newThread(): Thread {
    const thread = new Thread(this.opts.workerFile);
    thread.once('exit', () => {
      const i = this.idle.indexOf(thread);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return thread;
  }

  /** Trains one run on a thread, relaying what it sends to `send`; resolves with its summary. */
  private train(
    job: Job,
    token: string | undefined,
    spec: RemoteJob,
    file: string,
    send: (m: DistributiveOmit<RemoteMessage, 'attempt'>) => Promise<unknown>,
  ): Promise<RunSummary> {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'losslab-worker-'));
    const thread = this.idle.pop() ?? this.newThread();
    const a: Active = { job, token, thread, handedBack: false };
    let reusable = false;
    this.active.add(a);
    const poll = setInterval(() => void this.poll(job.id!, thread).catch(() => {}), CONTROL_POLL_MS);
    const start: HostToWorker = {
      type: 'start',
      runId: job.id!,
      // Trained on the downloaded copy; the config recorded is the producer's, with its own path.
      config: { ...spec.config, data: { ...spec.config.data, path: file } },
      outDir,
      experiment: spec.experiment,
      // The producer records the events it receives: a second copy here would only cost time.
      recordEvents: false,
    };
    let detach = () => {};
    return new Promise<RunSummary>((resolve, reject) => {
      let runDir = '';
      const onMessage = (m: WorkerToHost) => {
        if (m.type === 'recorded') {
          runDir = m.runDir;
          // The thread hashed the bytes it read: a run on other data is stopped and its result never sent.
          if (readJson<{ dataHash?: string }>(path.join(runDir, 'config.json'))?.dataHash !== spec.dataHash) {
            thread.postMessage({ type: 'cancel' } satisfies HostToWorker);
            reject(new UnrecoverableError(`the data read for run ${job.id} does not match the sweep's hash`));
          }
        } else if (m.type === 'events') void send({ type: 'events', events: m.events });
        else if (m.type === 'surface')
          void send({ type: 'surface', epoch: m.epoch, surface: surfaceToJson(m.surface) });
        else if (m.type === 'rows') void send({ type: 'rows', rows: m.rows });
        else if (m.type === 'done') {
          reusable = true;
          send({ type: 'done', summary: m.summary, files: recordFiles(runDir) }).then(() => resolve(m.summary), reject);
        } else if (m.type === 'error') {
          const { message, field, userError } = m;
          void send({ type: 'error', message, ...(field ? { field } : {}), userError });
          reject(userError ? new UnrecoverableError(message) : new Error(message));
        }
      };
      const onExit = (code: number) =>
        reject(a.handedBack ? new WaitingError() : new Error(`the training thread stopped (exit code ${code})`));
      thread.on('message', onMessage).on('error', reject).on('exit', onExit);
      detach = () => thread.off('message', onMessage).off('error', reject).off('exit', onExit);
      thread.postMessage(start);
    }).finally(() => {
      clearInterval(poll);
      this.active.delete(a);
      detach();
      // Only a thread whose run ended as it should trains another; any other is ended.
      if (reusable && !a.handedBack && this.worker.isRunning()) this.idle.push(thread);
      else void thread.terminate();
      fs.rmSync(outDir, { recursive: true, force: true });
    });
  }

  /** Passes a cancel and live controls (pause, resume, a new rate) from the producer to the run's thread. */
  private async poll(jobId: string, thread: Thread): Promise<void> {
    const results = await this.redis
      .multi()
      .exists(redisKeys.cancelled(jobId))
      .lrange(redisKeys.control(jobId), 0, -1)
      .del(redisKeys.control(jobId))
      .exec();
    if (!results) return;
    if (results[0][1]) thread.postMessage({ type: 'cancel' } satisfies HostToWorker);
    for (const text of results[1][1] as string[]) {
      const control = parseControl(text);
      if (control) thread.postMessage(control);
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A live control as queued by the producer; anything else is ignored. */
function parseControl(text: string): HostToWorker | null {
  try {
    const c = JSON.parse(text) as { type?: unknown; lr?: unknown };
    if (c.type === 'pause' || c.type === 'resume') return { type: c.type };
    if (c.type === 'setLr' && typeof c.lr === 'number' && Number.isFinite(c.lr) && c.lr > 0)
      return { type: 'setLr', lr: c.lr };
  } catch {
    // not JSON: ignored
  }
  return null;
}

/** The files of a run's record that its thread wrote besides those the producer writes itself. */
function recordFiles(runDir: string): RecordFile[] {
  return fs
    .readdirSync(runDir)
    .filter((name) => RECORD_FILE.test(name))
    .sort()
    .map((name) => ({ name, base64: fs.readFileSync(path.join(runDir, name)).toString('base64') }));
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}
