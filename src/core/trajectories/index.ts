/**
 * Optimizer trajectories: several optimizers' paths over one 2-D surface, and the grid its contour plot
 * is drawn from. The CLI and the extension both call `computeTrajectories`.
 */
import { type SurfaceGrid, surfaceGrid } from './grid';
import { runPath } from './paths';
import type { Point, Surface2D, Trajectories } from './types';

export { contourLevels, surfaceGrid, type SurfaceGrid } from './grid';
export { type ModelSlice, type ModelSurfaceOptions, modelSurface, parameterNames } from './modelSurface';
export { DEFAULT_PATH_OPTIMIZERS, PATH_OPTIMIZERS, type PathOptimizer, getPathOptimizer } from './optimizers';
export { type PathResult, checkSteps, runPath } from './paths';
export { MODEL_SURFACE_ID, SURFACES, getSurface } from './surfaces';
export type { Domain, Point, Surface2D, Trajectories } from './types';

/** Steps a path takes when none are asked for: enough for most optimizers to reach the valley floor. */
export const DEFAULT_TRAJECTORY_STEPS = 300;

export interface TrajectoryRequest {
  optimizers: readonly string[];
  steps: number;
  /** Rates by path optimizer id; the surface's own where absent. */
  lrs?: Readonly<Record<string, number>>;
  /** Grid points per side (default 80). */
  grid?: number;
}

export function computeTrajectories(surface: Surface2D, req: TrajectoryRequest): Trajectories {
  const grid = surfaceGrid(surface, req.grid ?? 80);
  const paths = req.optimizers.map((id) => runPath(surface, id, req.steps, req.lrs?.[id]));
  const minima = surface.minima.length ? surface.minima : [lowestGridPoint(grid)];
  const { id, title, description, domain, start } = surface;
  return { surface: { id, title, description, domain, start, minima }, grid, paths };
}

/** Where a surface's minimum is not known in closed form (a model), the grid's lowest point marks it. */
function lowestGridPoint(g: SurfaceGrid): Point {
  let at = 0;
  for (let k = 1; k < g.values.length; k++) if (g.values[k] < g.values[at]) at = k;
  const i = at % g.nx;
  const j = Math.floor(at / g.nx);
  return [g.x[0] + ((g.x[1] - g.x[0]) * i) / (g.nx - 1), g.y[0] + ((g.y[1] - g.y[0]) * j) / (g.ny - 1)];
}
