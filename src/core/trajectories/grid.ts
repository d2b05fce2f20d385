/** The surface sampled on a regular grid over its domain, with the contour levels to draw it by. */
import { LossLabError } from '../errors';
import type { Surface2D } from './types';

export interface SurfaceGrid {
  /** Columns (x) and rows (y); the grid includes the domain's edges. */
  nx: number;
  ny: number;
  x: [number, number];
  y: [number, number];
  /** Row-major by y: values[j · nx + i] = f(x_i, y_j), x_i = x₀ + i (x₁ − x₀)/(nx − 1). */
  values: number[];
  min: number;
  max: number;
  /** Ascending contour levels strictly between min and max. */
  levels: number[];
}

/**
 * Contour levels: geometric in f − floor for log surfaces, from `low` (default 10⁻⁴ of the range) up,
 * else even.
 */
export function contourLevels(
  min: number,
  max: number,
  scale: 'log' | 'linear',
  floor: number | null,
  count = 24,
  low?: number,
): number[] {
  if (!(max > min)) return [];
  const levels: number[] = [];
  if (scale === 'log') {
    const base = floor ?? min;
    const top = max - base;
    const bottom = Math.max(min - base, low ?? top * 1e-4, top * 1e-12);
    const ratio = (top / bottom) ** (1 / count);
    for (let k = 0; k < count; k++) levels.push(base + bottom * ratio ** k);
  } else {
    for (let k = 1; k < count; k++) levels.push(min + ((max - min) * k) / count);
  }
  return levels.filter((v) => v > min && v < max);
}

export function surfaceGrid(surface: Surface2D, nx = 80, ny = nx): SurfaceGrid {
  for (const [n, name] of [
    [nx, 'grid columns'],
    [ny, 'grid rows'],
  ] as const)
    if (!Number.isInteger(n) || n < 2 || n > 400)
      throw new LossLabError(`${name} must be an integer from 2 to 400, got ${n}`, { field: 'grid' });
  const { x, y } = surface.domain;
  const values: number[] = new Array(nx * ny);
  const p = new Float64Array(2);
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < ny; j++) {
    p[1] = y[0] + ((y[1] - y[0]) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      p[0] = x[0] + ((x[1] - x[0]) * i) / (nx - 1);
      const f = surface.evaluate(p, null);
      values[j * nx + i] = f;
      if (!Number.isFinite(f)) continue;
      if (f < min) min = f;
      if (f > max) max = f;
    }
  }
  // Log levels start at the grid's 1st percentile above the floor: walls 10⁵ high (Beale) would otherwise
  // leave the whole valley inside the lowest band.
  const base = surface.floor ?? min;
  const above = values.filter((v) => Number.isFinite(v) && v > base).sort((a, b) => a - b);
  const low = above.length ? above[Math.floor(above.length * 0.01)] - base : undefined;
  return {
    nx,
    ny,
    x: [...x],
    y: [...y],
    values,
    min,
    max,
    levels: contourLevels(min, max, surface.levels, surface.floor, 30, low),
  };
}
