/**
 * Pure geometry for the contour plot (no DOM): which band a value falls in, and the iso-lines of a grid
 * by marching squares.
 */

export interface Grid {
  nx: number;
  ny: number;
  /** Row-major by y: values[j · nx + i]. */
  values: readonly number[];
}

/** The number of levels at or below `v` (0 … levels.length): its band, for a filled contour. */
export function bandOf(v: number, levels: readonly number[]): number {
  let lo = 0;
  let hi = levels.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (levels[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** f at fractional grid coordinates (gi, gj), bilinear between the four nearest grid points. */
export function bilinear(g: Grid, gi: number, gj: number): number {
  const i = Math.min(g.nx - 2, Math.max(0, Math.floor(gi)));
  const j = Math.min(g.ny - 2, Math.max(0, Math.floor(gj)));
  const u = gi - i;
  const v = gj - j;
  const at = (a: number, b: number) => g.values[b * g.nx + a];
  return (1 - v) * ((1 - u) * at(i, j) + u * at(i + 1, j)) + v * ((1 - u) * at(i, j + 1) + u * at(i + 1, j + 1));
}

/** A segment in grid coordinates (i along x, j along y). */
export type Segment = [number, number, number, number];

/**
 * The level set f = level as segments, by marching squares: in each cell, the edges where f crosses the
 * level, the crossing placed by linear interpolation. The two saddle cases (opposite corners above) are
 * resolved by the cell's centre value, as is usual.
 */
export function isoSegments(g: Grid, level: number): Segment[] {
  const out: Segment[] = [];
  const f = (i: number, j: number) => g.values[j * g.nx + i];
  const t = (a: number, b: number) => (level - a) / (b - a);
  for (let j = 0; j < g.ny - 1; j++) {
    for (let i = 0; i < g.nx - 1; i++) {
      const v0 = f(i, j);
      const v1 = f(i + 1, j);
      const v2 = f(i + 1, j + 1);
      const v3 = f(i, j + 1);
      if (![v0, v1, v2, v3].every(Number.isFinite)) continue;
      const code = (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      // Crossing points on the bottom, right, top and left edges.
      const bottom = (): [number, number] => [i + t(v0, v1), j];
      const right = (): [number, number] => [i + 1, j + t(v1, v2)];
      const top = (): [number, number] => [i + t(v3, v2), j + 1];
      const left = (): [number, number] => [i, j + t(v0, v3)];
      const seg = (a: [number, number], b: [number, number]) => out.push([a[0], a[1], b[0], b[1]]);
      const centreAbove = (v0 + v1 + v2 + v3) / 4 > level;
      switch (code) {
        case 1:
        case 14:
          seg(left(), bottom());
          break;
        case 2:
        case 13:
          seg(bottom(), right());
          break;
        case 3:
        case 12:
          seg(left(), right());
          break;
        case 4:
        case 11:
          seg(right(), top());
          break;
        case 6:
        case 9:
          seg(bottom(), top());
          break;
        case 7:
        case 8:
          seg(left(), top());
          break;
        case 5:
          if (centreAbove) {
            seg(left(), top());
            seg(bottom(), right());
          } else {
            seg(left(), bottom());
            seg(right(), top());
          }
          break;
        case 10:
          if (centreAbove) {
            seg(left(), bottom());
            seg(right(), top());
          } else {
            seg(left(), top());
            seg(bottom(), right());
          }
          break;
      }
    }
  }
  return out;
}
