/** The decision surface card's arithmetic, without the DOM: its colour scale and where a value lands on the canvas. */
import type { SurfaceView } from '../src/protocol/webview';

export type Rgb = [number, number, number];

/** Viridis at five stops: perceptually even, readable in light and dark themes and by most colour-blind eyes. */
export const VIRIDIS: readonly [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** `t` in [0, 1] along the viridis scale. */
export function heatColor(t: number): Rgb {
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  return [0, 1, 2].map((c) => Math.round(VIRIDIS[i][c] + f * (VIRIDIS[i + 1][c] - VIRIDIS[i][c]))) as Rgb;
}

/** Where a value of the axis lands on a canvas of `side` pixels: cell i spans [i, i + 1)·side/size. */
export function toCanvas(a: SurfaceView['x'], size: number, side: number, v: number): number {
  const step = size > 1 ? (a.max - a.min) / (size - 1) : 1;
  return ((step > 0 ? (v - a.min) / step : 0) + 0.5) * (side / size);
}
