/**
 * The dashboard's controls, saved with the webview's state so a hidden or reloaded panel comes back as
 * it was. Whatever is read back is checked field by field: a bad field falls back to its default.
 */
import { CHART_IDS, type ChartId, defaultLogScales } from './chartSpecs';
import { X_AXES, type XAxis } from './series';
import { DEFAULT_SMOOTHING, clampSmoothing } from './smoothing';
import { BAND_KINDS, type BandKind } from '../src/views/seedBands';
import { parseXSeries, type XSeries } from './xSeries';

export interface UiState {
  smoothing: number;
  /** The host's smoothing setting last applied; a changed setting overrides the slider, a reload does not. */
  hostSmoothing: number | null;
  xAxis: XAxis;
  /** A chart's own x axis (any recorded series, see xSeries.ts); absent: the dashboard's xAxis. */
  xBy: Partial<Record<ChartId, XSeries>>;
  /** Charts with a logarithmic x axis. */
  logX: Partial<Record<ChartId, boolean>>;
  logY: Record<ChartId, boolean>;
  metric: string | null;
  hiddenRuns: string[];
  layerNorms: boolean;
  /** Scale noisy charts to the 5th–95th percentile when extremes would squash them (see scaleRange.ts). */
  ignoreOutliers: boolean;
  /** Runs paused from here: the run views say running either way. */
  paused: string[];
  /** The seeds card's band around a configuration's mean: min–max or ±1 standard deviation. */
  band: BandKind;
}

export function defaultUiState(): UiState {
  return {
    smoothing: DEFAULT_SMOOTHING,
    hostSmoothing: null,
    xAxis: 'step',
    xBy: {},
    logX: {},
    logY: defaultLogScales(),
    metric: null,
    hiddenRuns: [],
    layerNorms: false,
    ignoreOutliers: true,
    paused: [],
    band: 'minmax',
  };
}

const field = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

export function restoreUiState(raw: unknown): UiState {
  const d = defaultUiState();
  if (typeof raw !== 'object' || raw === null) return d;
  const r = raw as Record<string, unknown>;
  const logY = d.logY;
  if (typeof r.logY === 'object' && r.logY !== null) {
    for (const id of CHART_IDS) {
      const v = (r.logY as Record<string, unknown>)[id];
      if (typeof v === 'boolean') logY[id] = v;
    }
  }
  const xBy: Partial<Record<ChartId, XSeries>> = {};
  const logX: Partial<Record<ChartId, boolean>> = {};
  for (const id of CHART_IDS) {
    const x = parseXSeries(field(r.xBy, id));
    if (x !== null) xBy[id] = x;
    if (field(r.logX, id) === true) logX[id] = true;
  }
  return {
    smoothing: typeof r.smoothing === 'number' ? clampSmoothing(r.smoothing) : d.smoothing,
    hostSmoothing: typeof r.hostSmoothing === 'number' ? clampSmoothing(r.hostSmoothing) : null,
    xAxis: X_AXES.find((a) => a === r.xAxis) ?? d.xAxis,
    xBy,
    logX,
    logY,
    metric: typeof r.metric === 'string' ? r.metric : null,
    hiddenRuns: strings(r.hiddenRuns),
    layerNorms: typeof r.layerNorms === 'boolean' ? r.layerNorms : d.layerNorms,
    ignoreOutliers: typeof r.ignoreOutliers === 'boolean' ? r.ignoreOutliers : d.ignoreOutliers,
    paused: strings(r.paused),
    band: BAND_KINDS.find((b) => b === r.band) ?? d.band,
  };
}

/** The host's smoothing wins when it is new (first open, or the setting changed); otherwise the slider's stays. */
export function applyHostSmoothing(s: UiState, host: number): UiState {
  const h = clampSmoothing(host);
  return s.hostSmoothing === h ? s : { ...s, smoothing: h, hostSmoothing: h };
}
