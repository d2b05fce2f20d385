/**
 * What the dashboard knows about the shown runs: their views, their series and their colors, built from
 * the host's messages. Pure (no DOM), so the rules (dedup, reset, memory cap, color assignment) are tested
 * on their own.
 */
import type {
  ControlPoint,
  EpochPoint,
  GeneratedView,
  HostToWebview,
  RunView,
  StepPoint,
  SurfaceView,
} from '../src/protocol/webview';
import type { RunResults } from '../src/protocol/resultViews';
import { PaletteSlots } from '../src/views/palette';
import { capRows } from './downsample';
import { ExperimentStore } from './experimentStore';

/** Step points one run may hold before older ones are thinned; see capRows. */
export const MAX_STEP_POINTS = 20_000;

/** The series that thinning must keep the shape of. */
const THINNED: readonly ((p: StepPoint) => number)[] = [
  (p) => p.loss,
  (p) => p.gradNorm,
  (p) => p.updateRatio,
  (p) => p.lr,
];

export interface RunSeriesData {
  steps: StepPoint[];
  epochs: EpochPoint[];
  /** Live controls that took effect (new rates, pauses), in order: the charts' markers. */
  controls: ControlPoint[];
  /** Bumped whenever earlier points change (reset, thinning), so cached chart data is rebuilt. */
  version: number;
}

export interface StoreChange {
  runs: boolean;
  /** Runs whose series changed. */
  series: Set<string>;
}

const EMPTY: RunSeriesData = Object.freeze({ steps: [], epochs: [], controls: [], version: 0 }) as RunSeriesData;

export class RunStore {
  runs: RunView[] = [];
  private hostActiveId: string | null = null;
  /** performance.now() when the current run views arrived, to advance a running run's clock between them. */
  private runsAt = 0;
  /** The sweep, LR range test and schedule preview cards' data. */
  readonly experiments = new ExperimentStore();
  private readonly data = new Map<string, RunSeriesData>();
  private readonly palette = new PaletteSlots();
  private colors: ReadonlyMap<string, number> = new Map();
  private readonly ended = new Map<string, RunResults | null>();
  private readonly surfaces = new Map<string, SurfaceView>();
  private readonly generatedRows = new Map<string, GeneratedView>();

  constructor(private readonly maxSteps = MAX_STEP_POINTS) {}

  apply(msg: HostToWebview, now: number, change: StoreChange): void {
    switch (msg.type) {
      case 'runs': {
        this.runs = msg.runs;
        this.hostActiveId = msg.activeId;
        this.runsAt = now;
        const ids = new Set(msg.runs.map((r) => r.id));
        for (const id of [...this.data.keys()]) if (!ids.has(id)) this.data.delete(id);
        for (const id of [...this.ended.keys()]) if (!ids.has(id)) this.ended.delete(id);
        for (const id of [...this.surfaces.keys()]) if (!ids.has(id)) this.surfaces.delete(id);
        for (const id of [...this.generatedRows.keys()]) if (!ids.has(id)) this.generatedRows.delete(id);
        // The host's colors when it gave every run one; otherwise this view's own, so that none collide.
        const own = this.palette.assign(msg.runs.map((r) => r.id));
        this.colors = msg.runs.every((r) => r.color !== undefined)
          ? new Map(msg.runs.map((r) => [r.id, r.color!]))
          : own;
        change.runs = true;
        return;
      }
      case 'points': {
        this.appendPoints(msg.runId, msg.steps, msg.epochs, msg.reset, msg.controls ?? []);
        change.series.add(msg.runId);
        return;
      }
      case 'results':
        this.ended.set(msg.runId, msg.results);
        change.series.add(msg.runId);
        return;
      case 'surface':
        if (msg.surface) this.surfaces.set(msg.runId, msg.surface);
        else this.surfaces.delete(msg.runId);
        change.series.add(msg.runId);
        return;
      case 'generated':
        this.generatedRows.set(msg.runId, msg.generated);
        change.series.add(msg.runId);
        return;
      case 'options':
        return;
      case 'sweep':
      case 'lrFind':
      case 'schedulePreview':
      case 'rows':
      case 'interpolation':
        this.experiments.apply(msg);
        return;
    }
  }

  series(id: string): RunSeriesData {
    return this.data.get(id) ?? EMPTY;
  }

  /** A finished run's end-of-run views (confusion matrix, predictions), once the host sent them. */
  results(id: string): RunResults | null {
    return this.ended.get(id) ?? null;
  }

  /** A run's latest decision surface, once the host sent one. */
  surface(id: string): SurfaceView | null {
    return this.surfaces.get(id) ?? null;
  }

  /** A generate run's latest rows, once the host sent them. */
  generated(id: string): GeneratedView | null {
    return this.generatedRows.get(id) ?? null;
  }

  /** A run's place in the palette: the host's (one colour in every view), else this view's own (views/palette.ts). */
  colorIndex(id: string): number {
    return this.colors.get(id) ?? 0;
  }

  /** The host's choice, else the first running run, else the newest (last listed). */
  activeRun(): RunView | null {
    return (
      this.runs.find((r) => r.id === this.hostActiveId) ??
      this.runs.find((r) => r.status === 'running') ??
      this.runs.at(-1) ??
      null
    );
  }

  /** Seconds since a run started: a running run's clock advances between the host's updates unless paused. */
  elapsed(run: RunView, now: number, paused: boolean): number {
    return run.status === 'running' && !paused ? run.elapsed + Math.max(0, now - this.runsAt) / 1000 : run.elapsed;
  }

  private appendPoints(
    id: string,
    steps: readonly StepPoint[],
    epochs: readonly EpochPoint[],
    reset: boolean,
    controls: readonly ControlPoint[],
  ): void {
    const old = this.data.get(id);
    const d: RunSeriesData =
      reset || !old ? { steps: [], epochs: [], controls: [], version: (old?.version ?? 0) + 1 } : old;
    for (const c of controls)
      if (!d.controls.some((o) => o.step === c.step && o.t === c.t && o.action === c.action)) d.controls.push(c);
    // A point the dashboard already has (a resend after a reload) would draw the curve back onto itself.
    for (const p of steps) if (d.steps.length === 0 || p.step > d.steps[d.steps.length - 1].step) d.steps.push(p);
    for (const e of epochs)
      if (d.epochs.length === 0 || e.epoch > d.epochs[d.epochs.length - 1].epoch) d.epochs.push(e);
    if (d.steps.length > this.maxSteps) {
      d.steps = capRows(d.steps, this.maxSteps, (p) => p.step, THINNED);
      d.version++;
    }
    this.data.set(id, d);
  }
}
