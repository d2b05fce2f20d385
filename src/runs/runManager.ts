/**
 * Runs training jobs in worker threads: one worker per running run, at most `maxParallel` at once, the
 * rest queued (a worker whose run ends takes the next queued one). It relays each worker's events as live run state and points for the dashboard, and knows
 * nothing of VS Code (so it is tested in plain Node, event-loop delay included).
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { RunConfig } from '../core/config/types';
import type { PreparedData } from '../core/run';
import type { RunSweep } from '../core/store/records';
import type { RunEvent, RunStatus, RunSummary, StartEvent } from '../core/trainer/events';
import type { ControlPoint, EpochPoint, GeneratedView, StepPoint, SurfaceView } from '../protocol/webview';
import type { HostToWorker, RunThread, WorkerToHost } from '../protocol/worker';
import { BoundedSeries } from './boundedSeries';
import type { LiveRunState, LiveStatus, RunError } from '../views/liveRun';
import { controlPoint, epochPoint, stepPoint } from '../views/points';
import { surfaceView } from '../views/surfaceView';
import { nextGenerated } from '../views/generatedView';

/** Step points kept per run in the host; older ones are thinned (the webview decimates again). */
const MAX_STEP_POINTS = 20_000;

export class LiveRun implements LiveRunState {
  status: LiveStatus = 'queued';
  runDir: string | null = null;
  start: StartEvent | null = null;
  summary: RunSummary | null = null;
  error: RunError | null = null;
  paused = false;
  epoch = 0;
  step = 0;
  lastLoss: number | null = null;
  startedAt = 0;
  endedAt = 0;
  readonly steps = new BoundedSeries<StepPoint>(MAX_STEP_POINTS);
  readonly epochs: EpochPoint[] = [];
  /** Live controls that took effect (new rates, pauses), for the charts' markers. */
  readonly controls: ControlPoint[] = [];
  /** The latest decision surface, for a run that has one. */
  surface: SurfaceView | null = null;
  /** A generate run's latest rows and the real ones. */
  generated: GeneratedView | null = null;
  worker: RunThread | null = null;
  /** A run trained through Redis: the worker machine that runs it (null while queued there) and the attempts so far. */
  remote: { worker: string | null; attempts: number } | null = null;
  /** A run that continues a recorded one from its last checkpoint at a new rate (see `continueRun`). */
  resume: { dir: string; lr: number } | null = null;

  constructor(
    /** Unique while this window lives; the run's id on disk is known once it is recorded (`runDir`). */
    readonly key: string,
    readonly config: RunConfig,
    readonly experiment: string | null,
    /** Who started it (a code lens's key), so its lens can show the live state. */
    readonly origin: string | null,
    readonly data?: PreparedData,
    /** The sweep it is one of, recorded with it. */
    readonly sweep?: RunSweep,
    /** Where it trains when not on this pool's threads: a handle on a run queued in Redis. */
    readonly elsewhere?: () => RunThread,
  ) {}

  get elapsed(): number {
    if (!this.startedAt) return 0;
    return ((this.endedAt || Date.now()) - this.startedAt) / 1000;
  }

  get active(): boolean {
    return this.status === 'queued' || this.status === 'running';
  }
}

export interface RunManagerEvents {
  /** Status, progress or result of a run changed. */
  change: [run: LiveRun];
  /** New points for a run's charts. */
  points: [run: LiveRun, steps: StepPoint[], epochs: EpochPoint[], controls: ControlPoint[]];
  /** A run's decision surface was computed again. */
  surface: [run: LiveRun];
  /** A generate run sent new rows. */
  generated: [run: LiveRun];
  /** A run trained through Redis started again from the beginning on another worker: its points so far are void. */
  restart: [run: LiveRun];
}

export class RunManager extends EventEmitter<RunManagerEvents> {
  readonly runs = new Map<string, LiveRun>();
  private queue: LiveRun[] = [];
  private counter = 0;
  /** Removes a running run's listeners from its worker, which may go on to train another run. */
  private detach = new Map<LiveRun, () => void>();
  /** Workers started ahead of any run (`prestart`), waiting for the queue to hand them one. */
  private idle: RunThread[] = [];

  constructor(
    private readonly workerFile: string,
    public maxParallel: number,
    private readonly outDir: () => string,
    /**
     * `relaySteps: false`: workers send no step events (see `WorkerStart`); the runs record them all the same.
     */
    private readonly options: { relaySteps?: boolean } = {},
  ) {
    super();
  }

  private spawn(): RunThread {
    return new Worker(this.workerFile);
  }

  /**
   * Starts `count` workers before any run is submitted, so that they load the training code while the
   * caller is still reading the data every run of a sweep waits for.
   */
  prestart(count: number): void {
    while (this.idle.length < count) {
      const worker = this.spawn();
      // One that fails before it is given a run is dropped, and the run gets a fresh one.
      const drop = () => {
        this.idle = this.idle.filter((w) => w !== worker);
      };
      worker.once('error', drop).once('exit', drop);
      this.idle.push(worker);
    }
  }

  get running(): LiveRun[] {
    return [...this.runs.values()].filter((r) => r.status === 'running');
  }

  /**
   * `data`: the run's dataset already built (in shared memory), so the worker does not read the CSV.
   * `elsewhere`: the run trains not on this pool's threads but through that handle (a run queued in Redis,
   * where the workers decide when it starts), so it waits in no queue here and takes no room from local runs.
   */
  submit(
    config: RunConfig,
    experiment: string | null = null,
    origin: string | null = null,
    data?: PreparedData,
    sweep?: RunSweep,
    elsewhere?: () => RunThread,
  ): LiveRun {
    const run = new LiveRun(`live-${++this.counter}`, config, experiment, origin, data, sweep, elsewhere);
    this.runs.set(run.key, run);
    this.emit('change', run);
    if (elsewhere) {
      run.remote = { worker: null, attempts: 0 };
      this.launch(run, elsewhere());
      return run;
    }
    this.queue.push(run);
    this.pump();
    return run;
  }

  /**
   * Continues the recorded run in `dir` (its `config`) from its last checkpoint at rate `lr`, as a new run
   * that records which run it continues (resumed.json); queued and shown live like any run (`losslab resume`).
   */
  continueRun(dir: string, config: RunConfig, experiment: string | null, lr: number): LiveRun {
    const run = new LiveRun(`live-${++this.counter}`, config, experiment, null);
    run.resume = { dir, lr };
    this.runs.set(run.key, run);
    this.emit('change', run);
    this.queue.push(run);
    this.pump();
    return run;
  }

  /** Starts queued runs while there is room; `warm` is a worker whose run just ended, handed to the first. */
  private pump(warm: RunThread | null = null): void {
    const local = () => this.running.filter((r) => !r.elsewhere).length;
    while (this.queue.length && local() < Math.max(1, this.maxParallel)) {
      this.launch(this.queue.shift()!, warm ?? this.idle.pop() ?? this.spawn());
      warm = null;
    }
    void warm?.terminate();
  }

  private launch(run: LiveRun, worker: RunThread): void {
    // A run trained through Redis waits in Redis's queue until a worker machine starts it ('started').
    if (!run.elsewhere) {
      run.status = 'running';
      run.startedAt = Date.now();
    }
    run.worker = worker;
    const onMessage = (m: WorkerToHost) => this.onMessage(run, m);
    const onError = (e: Error) => this.finish(run, 'failed', { message: e.stack ?? e.message, userError: false });
    const onExit = (code: number) => {
      if (run.active)
        this.finish(run, 'failed', {
          message: `the training worker stopped unexpectedly (exit code ${code})`,
          userError: false,
        });
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    this.detach.set(run, () => worker.off('message', onMessage).off('error', onError).off('exit', onExit));
    const start: HostToWorker = {
      type: 'start',
      runId: run.key,
      config: run.config,
      outDir: this.outDir(),
      experiment: run.experiment,
      data: run.data,
      sweep: run.sweep,
      relaySteps: this.options.relaySteps,
      ...(run.resume && { resume: run.resume }),
    };
    worker.postMessage(start);
    this.emit('change', run);
  }

  private onMessage(run: LiveRun, m: WorkerToHost): void {
    switch (m.type) {
      case 'recorded':
        run.runDir = m.runDir;
        this.emit('change', run);
        break;
      case 'events':
        this.onEvents(run, m.events);
        break;
      case 'surface':
        run.surface = surfaceView(m.epoch, m.surface);
        this.emit('surface', run);
        break;
      case 'rows':
        run.generated = nextGenerated(run.generated, m.rows);
        if (run.generated) this.emit('generated', run);
        break;
      case 'done':
        run.summary = m.summary;
        this.finish(run, m.summary.status);
        break;
      case 'error':
        this.finish(run, 'failed', m);
        break;
      case 'started':
        this.restart(run, m.worker, m.attempt);
        break;
      case 'cancelled':
        this.finish(run, 'cancelled');
        break;
    }
  }

  /** A remote run (re)started on a worker: a restart trains from the beginning, so its curves start over. */
  private restart(run: LiveRun, worker: string, attempts: number): void {
    const again = (run.remote?.attempts ?? 0) > 0;
    if (again) {
      run.steps.clear();
      run.epochs.length = 0;
      run.controls.length = 0;
      run.surface = null;
      run.generated = null;
      run.start = null;
      run.epoch = run.step = 0;
      run.lastLoss = null;
      // The new attempt's thread starts unpaused.
      run.paused = false;
    }
    run.remote = { worker, attempts };
    run.status = 'running';
    run.startedAt = Date.now();
    if (again) this.emit('restart', run);
    this.emit('change', run);
  }

  private onEvents(run: LiveRun, events: RunEvent[]): void {
    const steps: StepPoint[] = [];
    const epochs: EpochPoint[] = [];
    const controls: ControlPoint[] = [];
    for (const e of events) {
      if (e.type === 'start') run.start = e;
      else if (e.type === 'control') {
        const p = controlPoint(e);
        run.controls.push(p);
        controls.push(p);
      } else if (e.type === 'step') {
        const p = stepPoint(e);
        // Progress counts the supervised phase; pretraining's points are drawn all the same.
        if (!e.phase) {
          run.step = e.step + 1;
          run.lastLoss = e.loss;
        }
        if (run.steps.push(p)) steps.push(p);
      } else if (e.type === 'epoch') {
        const p = epochPoint(e);
        if (!e.phase) run.epoch = e.epoch;
        run.epochs.push(p);
        epochs.push(p);
      }
    }
    if (steps.length || epochs.length || controls.length) this.emit('points', run, steps, epochs, controls);
    this.emit('change', run);
  }

  private finish(run: LiveRun, status: RunStatus, error?: RunError): void {
    if (!run.active) return;
    run.status = status;
    run.endedAt = Date.now();
    if (error) run.error = error;
    const worker = run.worker;
    run.worker = null;
    this.detach.get(run)?.();
    this.detach.delete(run);
    // A worker whose run ended normally trains the next queued run: a fresh one would load and compile the
    // training code again, a sizeable share of a short run. One that failed or crashed is ended, and so is
    // a run trained through Redis (its handle serves one run).
    const warm = worker && !error && !run.elsewhere ? worker : null;
    if (worker && !warm) void worker.terminate();
    this.emit('change', run);
    this.pump(warm);
  }

  private send(run: LiveRun, m: HostToWorker): void {
    run.worker?.postMessage(m);
  }

  stop(key: string): void {
    const run = this.runs.get(key);
    if (!run) return;
    if (run.status === 'queued' && !run.worker) {
      this.queue = this.queue.filter((r) => r !== run);
      run.status = 'cancelled';
      this.emit('change', run);
    } else this.send(run, { type: 'cancel' });
  }

  pause(key: string): void {
    const run = this.runs.get(key);
    if (run?.status !== 'running' || run.paused) return;
    run.paused = true;
    this.send(run, { type: 'pause' });
    this.emit('change', run);
  }

  resume(key: string): void {
    const run = this.runs.get(key);
    if (!run?.paused) return;
    run.paused = false;
    this.send(run, { type: 'resume' });
    this.emit('change', run);
  }

  /** A new learning rate from the run's next optimizer step; `lr` was validated (positive, finite) by the caller. */
  setLr(key: string, lr: number): void {
    const run = this.runs.get(key);
    if (run?.status === 'running') this.send(run, { type: 'setLr', lr });
  }

  stopAll(): void {
    for (const run of this.runs.values()) if (run.active) this.stop(run.key);
  }

  /** Ends every worker now (VS Code is closing); their runs stay on disk without a summary: interrupted. */
  dispose(): void {
    this.queue = [];
    for (const worker of this.idle) void worker.terminate();
    this.idle = [];
    for (const run of this.runs.values()) {
      if (run.worker) void run.worker.terminate();
      run.worker = null;
    }
    this.removeAllListeners();
  }
}
