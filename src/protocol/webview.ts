/**
 * The messages between the extension host and the dashboard webview (the worker's are in ./worker.ts).
 * What comes from the webview is untrusted and goes through `parseWebviewMessage` before anything acts on it.
 */
import type { Metrics, Phase, PreviewColumn, RunStatus, Spread, Transitions } from '../core/trainer/events';

export type { Transitions } from '../core/trainer/events';
import type { LrFindView, SchedulePreviewView, SweepView } from './experimentViews';
import type { RunResults } from './resultViews';
import type { RowsCardView } from './rowsViews';
import { FEATURE_NAME_MAX, type InterpolationView } from './solutionViews';

// ── host → webview ───────────────────────────────────────────────────────────

/** One optimizer step as the charts need it; `t` is seconds since the run started. */
export interface StepPoint {
  step: number;
  epoch: number;
  t: number;
  loss: number;
  lr: number;
  gradNorm: number;
  layerGradNorms: number[];
  updateRatio: number;
  /** Pretraining's steps come first, at negative steps (see trainer/pretrain.ts); absent: supervised. */
  phase?: Phase;
}

export interface EpochPoint {
  epoch: number;
  step: number;
  t: number;
  trainLoss: number;
  valLoss: number | null;
  metrics: Metrics;
  phase?: Phase;
  /** A CRF run's transition scores after the epoch (the dashboard's heat map). */
  transitions?: Transitions;
  /** A generate run, on the epochs its quality was measured: how much of the data's spread its rows keep. */
  spread?: Spread;
}

/** A live control that took effect (a ControlEvent): drawn as a marker at `step` (time `t`). */
export interface ControlPoint {
  step: number;
  t: number;
  action: 'lr' | 'pause' | 'resume' | 'stop';
  lr: number | null;
}

/** What the dashboard shows about a run besides its series. */
export interface RunView {
  id: string;
  name: string;
  experiment: string | null;
  status: RunStatus;
  task: string | null;
  /** Flattened config (`optimizer.lr` → 0.01) for the comparison table's difference highlighting. */
  config: Record<string, string | number | boolean | null>;
  epoch: number;
  epochs: number;
  step: number;
  totalSteps: number;
  /** Seconds since start (running) or the run's duration. */
  elapsed: number;
  final: { trainLoss: number; valLoss: number | null; metrics: Metrics } | null;
  best: { epoch: number; monitor: string; value: number } | null;
  message: string | null;
  /** Its place in the palette, the same in the panel and the side bar (views/palette.ts); absent: the view picks. */
  color?: number;
  /** A run repeating a configuration over seeds: the configuration's name and this run's seed. */
  group?: string;
  seed?: number;
  /** A diverged run: the step whose loss or gradient was not finite. */
  divergedAtStep?: number;
}

/**
 * A run's decision surface as the dashboard draws it (built by views/surfaceView.ts from core/probe/surface.ts):
 * `size` × `size` cells, row j (y = y.min + j·Δy) after row j − 1, cell i of a row at x = x.min + i·Δx.
 */
export interface SurfaceView {
  epoch: number;
  task: 'binary' | 'multiclass' | 'regression';
  size: number;
  x: { name: string; min: number; max: number };
  y: { name: string; min: number; max: number };
  /** The run's features, any two of which the surface can be drawn over (the card's pickers). */
  features: string[];
  classes: string[] | null;
  /** Per cell: the predicted class index (classifier; empty for a regressor). */
  predicted: number[];
  /** Per cell: the predicted class's probability, or the regressor's prediction in the target's units. */
  value: number[];
  /** Validation rows: the two features and the true class index or value. */
  points: { x: number[]; y: number[]; target: number[] };
}

export type { PreviewColumn, Spread } from '../core/trainer/events';

/** A generate run's latest rows beside the held-out real ones, and the baselines' quality figures. */
export interface GeneratedView {
  epoch: number;
  synthetic: PreviewColumn[];
  real: PreviewColumn[];
  baselines: Record<string, Metrics>;
}

export type HostToWebview =
  /** The full list of runs shown, in legend order (replaces the previous list). */
  | { type: 'runs'; runs: RunView[]; activeId: string | null }
  /** New points of one run; `reset` replaces its series (a past run loaded from disk). */
  | {
      type: 'points';
      runId: string;
      steps: StepPoint[];
      epochs: EpochPoint[];
      reset: boolean;
      controls?: ControlPoint[];
    }
  /** A finished run's end-of-run views (confusion matrix, predictions); null: none. */
  | { type: 'results'; runId: string; results: RunResults | null }
  /**
   * A run's latest decision surface (a live run's from its worker, a finished one's from its recorded
   * weights); null: none over the chosen features yet (the card drops the run's old one).
   */
  | { type: 'surface'; runId: string; surface: SurfaceView | null }
  /** A generate run's latest rows (live runs only: they are not recorded). */
  | { type: 'generated'; runId: string; generated: GeneratedView }
  | { type: 'options'; smoothing: number; compact: boolean }
  /** The shown runs that form a sweep and what it varied (null: no sweep shown). */
  | { type: 'sweep'; sweep: SweepView | null }
  /** The latest learning-rate range test (null: none to show). */
  | { type: 'lrFind'; lrFind: LrFindView | null }
  /** The latest schedule preview (null: none to show). */
  | { type: 'schedulePreview'; preview: SchedulePreviewView | null }
  /** The shown runs' recorded rows (null: none recorded any). */
  | { type: 'rows'; rows: RowsCardView | null }
  /** The latest loss between two solutions (null: none to show). */
  | { type: 'interpolation'; interpolation: InterpolationView | null };

// ── webview → host ───────────────────────────────────────────────────────────

export type ExportFormat = 'csv' | 'json' | 'html';

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'stop'; runId: string }
  | { type: 'pause'; runId: string }
  | { type: 'resume'; runId: string }
  /** A new learning rate for a running run, from its next optimizer step (see core/schedules/override.ts). */
  | { type: 'setLr'; runId: string; lr: number }
  /** All series of the shown runs (or, as `html`, a self-contained report of them), saved through the host's save dialog. */
  | { type: 'exportData'; format: ExportFormat }
  /** A chart as PNG (base64 data URL), saved through the host's save dialog. */
  | { type: 'exportPng'; name: string; dataUrl: string }
  | { type: 'openRun'; runId: string }
  /** Write `lr` (from the range test `id`) into the experiment file it was run for. */
  | { type: 'useLearningRate'; id: string; lr: number }
  /** A run as a PyTorch script, saved through the host's save dialog. */
  | { type: 'exportPytorch'; runId: string }
  /** Rows sampled from a generate run, saved through the host's dialogs (how many, where). */
  | { type: 'sampleRows'; runId: string }
  /** A diverged run continued from its last good point at a lower rate the host asks for, as a new run. */
  | { type: 'restartRun'; runId: string }
  /** The user closed a tool card: the host forgets its result, so that a reloaded panel does not show it again. */
  | { type: 'closeCard'; card: ToolCardId }
  /** Open a shown run's training CSV at a 1-based line (the host finds the file in the run's record). */
  | { type: 'openRowLine'; runId: string; line: number }
  /** The loss between two solutions: the host asks which of the shown runs, computes it and sends the card. */
  | { type: 'interpolate' }
  /** The decision surface's two features (by name), for every shown run that has both. */
  | { type: 'surfaceFeatures'; x: string; y: string };

export const TOOL_CARDS = ['lrFind', 'schedulePreview', 'interpolation'] as const;
export type ToolCardId = (typeof TOOL_CARDS)[number];

const RUN_ID = /^[A-Za-z0-9._-]{1,200}$/;
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;
/** A PNG of a chart is well under this; anything bigger is not ours. */
const MAX_PNG_CHARS = 20_000_000;

/** The message if it is exactly one of the protocol's webview messages, else null. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const m = raw as Record<string, unknown>;
  const keys = Object.keys(m).sort().join(',');
  const runId = typeof m.runId === 'string' && RUN_ID.test(m.runId) ? m.runId : null;
  switch (m.type) {
    case 'ready':
    case 'interpolate':
      return keys === 'type' ? { type: m.type } : null;
    case 'surfaceFeatures': {
      const name = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= FEATURE_NAME_MAX;
      return keys === 'type,x,y' && name(m.x) && name(m.y) && m.x !== m.y
        ? { type: 'surfaceFeatures', x: m.x as string, y: m.y as string }
        : null;
    }
    case 'stop':
    case 'pause':
    case 'resume':
    case 'openRun':
    case 'exportPytorch':
    case 'sampleRows':
    case 'restartRun':
      return keys === 'runId,type' && runId ? { type: m.type, runId } : null;
    case 'useLearningRate': {
      const ok =
        keys === 'id,lr,type' &&
        typeof m.id === 'string' &&
        RUN_ID.test(m.id) &&
        typeof m.lr === 'number' &&
        m.lr > 0 &&
        Number.isFinite(m.lr);
      return ok ? { type: 'useLearningRate', id: m.id as string, lr: m.lr as number } : null;
    }
    case 'setLr': {
      const ok =
        keys === 'lr,runId,type' && runId !== null && typeof m.lr === 'number' && m.lr > 0 && Number.isFinite(m.lr);
      return ok ? { type: 'setLr', runId, lr: m.lr as number } : null;
    }
    case 'closeCard':
      return keys === 'card,type' && TOOL_CARDS.some((c) => c === m.card)
        ? { type: 'closeCard', card: m.card as ToolCardId }
        : null;
    case 'exportData':
      return keys === 'format,type' && (m.format === 'csv' || m.format === 'json' || m.format === 'html')
        ? { type: 'exportData', format: m.format }
        : null;
    case 'openRowLine': {
      const ok = keys === 'line,runId,type' && runId !== null && Number.isInteger(m.line) && (m.line as number) > 0;
      return ok ? { type: 'openRowLine', runId, line: m.line as number } : null;
    }
    case 'exportPng': {
      if (keys !== 'dataUrl,name,type' || typeof m.name !== 'string' || typeof m.dataUrl !== 'string') return null;
      if (!/^[\w .-]{1,80}$/.test(m.name) || m.dataUrl.length > MAX_PNG_CHARS || !PNG_DATA_URL.test(m.dataUrl))
        return null;
      return { type: 'exportPng', name: m.name, dataUrl: m.dataUrl };
    }
    default:
      return null;
  }
}
