/**
 * Which decision surface the dashboard shows for each run, over the two features the user picked: the
 * worker's own while it computes that pair (a live run's first two features), else one computed from the
 * run's record (recordedSurface.ts: its trained weights, or its last checkpoint while it trains), off the
 * host's thread. A finished run's surface is kept per pair, so showing it again costs nothing.
 */
import { isLossLabError } from '../core/errors';
import type { SurfaceView } from '../protocol/webview';
import { type SurfaceFeatures, featureIndices } from './recordedSurface';

/** What the feed knows of a shown run: the worker's latest surface (a run of this window), its folder once recorded. */
export interface SurfaceSource {
  surface: SurfaceView | null;
  active: boolean;
  dir: string | null;
}

export type ComputeSurface = (dir: string, features: SurfaceFeatures) => Promise<SurfaceView | null>;

/** Whether `s` is drawn over the pair `features` picks among its own features. */
export function drawsFeatures(s: SurfaceView, features: SurfaceFeatures): boolean {
  const [x, y] = featureIndices(s.features, features);
  return s.features[x] === s.x.name && s.features[y] === s.y.name;
}

export class SurfaceFeed {
  private readonly kept = new Map<string, { key: string; surface: SurfaceView | null }>();
  /** The latest request per run: an older answer that arrives late is dropped. */
  private readonly latest = new Map<string, number>();
  private requests = 0;

  constructor(
    private readonly compute: ComputeSurface,
    private readonly send: (id: string, surface: SurfaceView | null) => void,
    public features: SurfaceFeatures = null,
    /** Our bugs (not a user's error, such as a CSV changed since the run) go here. */
    private readonly onBug: (e: unknown) => void = (e) => console.error(e),
  ) {}

  /** Sends run `id`'s surface over the chosen features, now or once computed. */
  refresh(id: string, run: SurfaceSource): void {
    const own = run.surface;
    if (own && (drawsFeatures(own, this.features) || run.dir === null)) {
      this.latest.delete(id);
      return this.send(id, own);
    }
    if (run.dir === null) return;
    const key = `${run.dir}\n${JSON.stringify(this.features)}`;
    const kept = this.kept.get(id);
    if (!run.active && kept?.key === key) return this.send(id, kept.surface);
    const request = ++this.requests;
    this.latest.set(id, request);
    this.compute(run.dir, this.features).then(
      (surface) => {
        if (this.latest.get(id) !== request) return;
        if (!run.active) this.kept.set(id, { key, surface });
        this.send(id, surface);
      },
      (e: unknown) => {
        if (this.latest.get(id) === request) this.send(id, null);
        if (!isLossLabError(e)) this.onBug(e);
      },
    );
  }
}
