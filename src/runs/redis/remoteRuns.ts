/**
 * The producer's side of a remote sweep: runs queued in Redis for `losslab worker`s, followed through each
 * job's event stream and recorded here, where a local run would be, with the same files. The pool
 * (`RunManager`) drives each through a `RemoteRun`, which takes and sends the messages of a worker thread,
 * so the CLI's table and VS Code's dashboard show a remote run as a local one.
 *
 * A producer that goes away and comes back reads each stream again from its start and writes the records
 * again (the same files, since a run's folder name was chosen when it was queued); the jobs themselves are
 * kept for KEEP_SECONDS, so that the outcome of a run that ended meanwhile is still there.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { LossLabError, isLossLabError } from '../../core/errors';
import type { PreparedData } from '../../core/run';
import type { RunSweep } from '../../core/store/records';
import type { RunSummary } from '../../core/trainer/events';
import type { RunPlan } from '../../core/trainer/setup';
import { VERSION } from '../../core/version';
import { loadData } from '../../io/data';
import { RunWriter, newRunId, writeRunRemote } from '../../io/runStore';
import type { RowsIndex } from '../../core/probe/rowRecord';
import { ROWS_INDEX, writeRowsIndex } from '../../io/rowsStore';
import {
  type RecordFile,
  type RemoteJob,
  type RemoteMessage,
  parseRemoteJob,
  parseRemoteMessage,
  surfaceFromJson,
} from '../../protocol/remote';
import { rowsFiles } from '../rowRecording';
import type { HostToWorker, RunThread, WorkerStart, WorkerToHost } from '../../protocol/worker';
import { recordStart, recordedPlan } from '../runTraining';
import { checkRedis, maskRedisUrl, redisConnection } from './connection';
import { uploadData } from './dataTransfer';
import { type StoredSweep, parseStoredSweep } from './storedSweep';
import { KEEP_SECONDS, QUEUE_NAME, QUEUE_PREFIX, jobId, redisKeys } from './keys';

/** How often the producer asks BullMQ for the state of jobs it follows (a job can fail without a stream entry). */
const CHECK_MS = 2000;
const WAITING = ['waiting', 'delayed', 'prioritized', 'waiting-children'];

export class RedisRuns {
  /** The runs followed, by job id. */
  private readonly following = new Map<string, RemoteRun>();
  private readonly uploads = new Map<string, Promise<void>>();
  private readonly counters = new Map<string, number>();
  /** Groups runs that belong to no sweep (an experiment's runs from VS Code). */
  private readonly group = randomUUID();
  private closed = false;
  private loop: Promise<void> = Promise.resolve();

  private constructor(
    readonly url: string,
    readonly redis: Redis,
    private readonly reader: Redis,
    readonly queue: Queue,
    private readonly queueConnection: Redis,
    readonly outDir: () => string,
  ) {}

  /** Connects (one clear error, naming `field`, when Redis cannot be used) and starts following streams. */
  static async open(url: string, outDir: () => string, field?: string): Promise<RedisRuns> {
    await checkRedis(url, field);
    const connection = redisConnection(url);
    const queue = new Queue(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
    const self = new RedisRuns(url, redisConnection(url), redisConnection(url), queue, connection, outDir);
    const shown = maskRedisUrl(url);
    queue.on('error', () => {}); // a lost connection is retried; the follow loop waits for it
    for (const c of [self.redis, self.reader, connection]) c.on('error', () => {});
    self.loop = self.follow().catch((e: unknown) => {
      if (!self.closed) throw new Error(`following runs on ${shown}: ${String(e)}`);
    });
    return self;
  }

  /** A run's handle for the pool (`RunManager`'s `spawn`). */
  thread(): RunThread {
    return new RemoteRun(this);
  }

  get shownUrl(): string {
    return maskRedisUrl(this.url);
  }

  /** Stores what a sweep is, so that a producer can come back to it by id (`--resume`). */
  async saveSweep(id: string, sweep: StoredSweep): Promise<void> {
    await this.redis.set(redisKeys.sweep(id), JSON.stringify(sweep), 'EX', KEEP_SECONDS);
  }

  /** A sweep as `saveSweep` stored it; `field` names where its id came from, for the error. */
  async loadSweep(id: string, field = '--resume'): Promise<StoredSweep> {
    const text = await this.redis.get(redisKeys.sweep(id));
    if (text === null)
      throw new LossLabError(`no sweep ${id} in Redis at ${this.shownUrl} (finished over a week ago, or a typo)`, {
        field,
      });
    return parseStoredSweep(text, field);
  }

  /** Uploads a data file once per hash. */
  upload(file: string, hash: string): Promise<void> {
    let done = this.uploads.get(hash);
    if (!done) {
      done = uploadData(this.redis, file, hash);
      this.uploads.set(hash, done);
    }
    return done;
  }

  /** Queues a run (or finds it queued already, for a producer that came back): its job id and folder name. */
  async enqueue(
    job: Omit<RemoteJob, 'runId' | 'version'>,
    group: string | null,
  ): Promise<{ id: string; runId: string }> {
    const key = group ?? this.group;
    const index = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, index);
    const id = jobId(key, index);
    const data: RemoteJob = { ...job, version: VERSION, runId: newRunId(job.config.name) };
    await this.queue.add('run', data, {
      jobId: id,
      removeOnComplete: { age: KEEP_SECONDS },
      removeOnFail: { age: KEEP_SECONDS },
    });
    // `add` answers with the data given even when the job was there already: its folder is the stored job's,
    // read back and checked as a worker checks it (a folder name from Redis must be a plain name).
    const stored = await this.queue.getJob(id);
    return { id, runId: stored ? parseRemoteJob(stored.data).runId : data.runId };
  }

  follow1(id: string, run: RemoteRun): void {
    this.following.set(id, run);
  }

  unfollow(id: string): void {
    this.following.delete(id);
  }

  /** Cancels a job: removed if still queued (true), else its worker stops it at its next poll. */
  async cancel(id: string): Promise<boolean> {
    await this.redis.set(redisKeys.cancelled(id), '1', 'EX', KEEP_SECONDS);
    const job = await this.queue.getJob(id);
    if (!job || !WAITING.includes(await job.getState())) return false;
    try {
      await job.remove();
      return true;
    } catch {
      return false; // a worker took it meanwhile: it reads the cancel before it trains
    }
  }

  async control(id: string, m: HostToWorker): Promise<void> {
    await this.redis
      .multi()
      .rpush(redisKeys.control(id), JSON.stringify(m))
      .expire(redisKeys.control(id), KEEP_SECONDS)
      .exec();
  }

  /** Reads the streams of the runs followed, in order, and checks their jobs now and then. */
  private async follow(): Promise<void> {
    let checked = Date.now();
    while (!this.closed) {
      const runs = [...this.following.entries()];
      if (!runs.length) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const keys = runs.map(([id]) => redisKeys.events(id));
      const reply = await this.reader.xread(
        'COUNT',
        1000,
        'BLOCK',
        1000,
        'STREAMS',
        ...keys,
        ...runs.map(([, r]) => r.lastId),
      );
      for (const [key, entries] of reply ?? []) {
        const run = runs[keys.indexOf(key)][1];
        for (const [entryId, fields] of entries) {
          run.lastId = entryId;
          const m = parseRemoteMessage(fields[1] ?? '');
          if (m) run.receive(m);
        }
      }
      if (Date.now() - checked > CHECK_MS) {
        checked = Date.now();
        await this.checkJobs(runs);
      }
    }
  }

  /** A job that failed (a worker lost too often) or was removed has no stream entry that says so. */
  private async checkJobs(runs: [string, RemoteRun][]): Promise<void> {
    for (const [id, run] of runs) {
      const job = await this.queue.getJob(id);
      if (!job) {
        const cancelled = await this.redis.exists(redisKeys.cancelled(id));
        run.end(
          cancelled
            ? { type: 'cancelled' }
            : { type: 'error', message: `job ${id} is gone from Redis`, userError: false },
        );
      } else if ((await job.getState()) === 'failed' && this.following.has(id)) {
        run.end({ type: 'error', message: `on the workers: ${job.failedReason}`, userError: false });
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reader.disconnect();
    await this.loop;
    await this.queue.close();
    // BullMQ leaves a connection it was given open.
    this.queueConnection.disconnect();
    this.redis.disconnect();
  }
}

/** One run trained through Redis, seen by the pool as a worker thread. */
class RemoteRun extends EventEmitter implements RunThread {
  lastId = '0-0';
  private id: string | null = null;
  private runId = '';
  private plan: RunPlan | null = null;
  private data: PreparedData | null = null;
  private start: WorkerStart | null = null;
  private writer: RunWriter | null = null;
  private attempt = 0;
  private workers: string[] = [];
  private cancelRequested = false;
  private ended = false;

  constructor(private readonly pool: RedisRuns) {
    super();
  }

  postMessage(m: HostToWorker): void {
    if (m.type === 'start') {
      this.start = m;
      this.begin(m).catch((e: unknown) => this.end(errorMessage(e)));
    } else if (m.type === 'cancel') {
      this.cancelRequested = true;
      if (this.id) void this.cancel(this.id);
    } else if (this.id) void this.pool.control(this.id, m);
  }

  private async begin(m: WorkerStart): Promise<void> {
    const data = m.data ?? (await loadData(m.config));
    const plan = recordedPlan(m.config, data.dataset);
    this.data = data;
    this.plan = plan;
    await this.pool.upload(plan.config.data.path, data.dataHash);
    const job = { config: plan.config, experiment: m.experiment, dataHash: data.dataHash };
    const { id, runId } = await this.pool.enqueue(job, m.sweep?.id ?? null);
    this.id = id;
    this.runId = runId;
    this.pool.follow1(id, this);
    if (this.cancelRequested) await this.cancel(id);
  }

  private async cancel(id: string): Promise<void> {
    if (await this.pool.cancel(id)) this.end({ type: 'cancelled' });
  }

  /** A stream entry; those of an attempt that another has replaced (a worker thought lost) are ignored. */
  receive(m: RemoteMessage): void {
    if (this.ended || m.attempt < this.attempt) return;
    if (m.type === 'attempt') return this.restart(m.attempt, m.worker);
    if (m.attempt !== this.attempt) return;
    if (m.type === 'events') {
      for (const e of m.events) this.writer?.append(e);
      this.send({ type: 'events', events: m.events });
    } else if (m.type === 'surface')
      this.send({ type: 'surface', epoch: m.epoch, surface: surfaceFromJson(m.surface) });
    else if (m.type === 'rows') this.send({ type: 'rows', rows: m.rows });
    else if (m.type === 'done') this.finish(m.summary, m.files);
    else if (m.type === 'cancelled') this.end({ type: 'cancelled' });
    else
      this.end({ type: 'error', message: m.message, ...(m.field ? { field: m.field } : {}), userError: m.userError });
  }

  private finish(summary: RunSummary, files: RecordFile[]): void {
    try {
      if (this.writer && this.plan) for (const f of files) keepRecordFile(this.writer, f, this.plan);
    } catch {
      return this.end({
        type: 'error',
        message: `a record file of job ${this.id} came back damaged`,
        userError: false,
      });
    }
    this.writer?.finish(summary);
    this.end({ type: 'done', summary });
  }

  /** An attempt started on a worker: the record starts over, noting the worker and the attempt. */
  private restart(attempt: number, worker: string): void {
    this.writer?.close();
    this.attempt = attempt;
    this.workers.push(worker);
    const { plan, data, start } = this;
    if (!plan || !data || !start) return;
    this.writer = RunWriter.restart(this.pool.outDir(), this.runId, plan.config, data.dataHash, start.experiment);
    recordStart(this.writer, plan, data, start.sweep as RunSweep | undefined);
    writeRunRemote(this.writer.dir, { worker, attempts: attempt, workers: this.workers });
    this.send({ type: 'recorded', runDir: this.writer.dir });
    this.send({ type: 'started', worker, attempt });
  }

  /** The run's last message to the pool. */
  end(m: WorkerToHost): void {
    if (this.ended) return;
    this.ended = true;
    this.writer?.close();
    if (this.id) this.pool.unfollow(this.id);
    this.send(m);
  }

  private send(m: WorkerToHost): void {
    this.emit('message', m);
  }

  /** The pool lets go of the run (it ended, or the producer is closing): the job goes on in Redis. */
  terminate(): Promise<number> {
    if (this.id) this.pool.unfollow(this.id);
    this.writer?.close();
    return Promise.resolve(0);
  }
}

/**
 * Keeps a file the run's thread wrote: as it is, but for the rows' index, which names the CSV the rows are lines
 * of, here rather than the worker's copy.
 */
function keepRecordFile(writer: RunWriter, f: RecordFile, plan: RunPlan): void {
  const bytes = Buffer.from(f.base64, 'base64');
  if (f.name !== ROWS_INDEX) return writer.writeBytes(f.name, bytes);
  const index = JSON.parse(bytes.toString('utf8')) as RowsIndex;
  writeRowsIndex(writer.dir, { ...index, files: rowsFiles(plan.config.data) });
}

function errorMessage(e: unknown): WorkerToHost {
  if (isLossLabError(e)) return { type: 'error', message: e.message, ...e.where, userError: true };
  return { type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e), userError: false };
}
