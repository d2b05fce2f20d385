/** A loss surface of two variables, the optimizers' paths over it, and the grid its contour plot is drawn from. */
import type { SurfaceGrid } from './grid';
import type { PathResult } from './paths';

export type Point = [number, number];

export interface Domain {
  x: [number, number];
  y: [number, number];
}

export interface Surface2D {
  id: string;
  title: string;
  /** What the surface shows about optimizers, in one line. */
  description: string;
  /**
   * f at `p`; when `grad` is given, also writes ∇f there (one pass, as a model's forward and backward).
   * `p` is not modified.
   */
  evaluate(p: Float64Array, grad: Float64Array | null): number;
  /** The region the contour plot shows. */
  domain: Domain;
  start: Point;
  /** Global minima inside the domain (or, for a model, the lowest grid point), marked on the plot. */
  minima: Point[];
  /**
   * `log`: contour levels geometrically spaced in f − floor, for surfaces whose interesting part is a
   * narrow valley far below the walls (Rosenbrock, Beale); `linear`: evenly spaced levels.
   */
  levels: 'log' | 'linear';
  /** The least value of f (known in closed form), which log levels count from; else the grid's least. */
  floor: number | null;
  /** Learning rate per path optimizer (see `PATH_OPTIMIZERS`) that shows that optimizer well here. */
  lrs: Readonly<Record<string, number>>;
}

/** Several optimizers' paths over one surface, with the grid its contour plot is drawn from. */
export interface Trajectories {
  surface: { id: string; title: string; description: string; domain: Domain; start: Point; minima: Point[] };
  grid: SurfaceGrid;
  paths: PathResult[];
}
