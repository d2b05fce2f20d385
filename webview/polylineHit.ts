/** Which polyline is under the pointer: the parallel-coordinates chart's hover and click. Pure, tested. */

export interface Pt2 {
  x: number;
  y: number;
}

/** Distance from p to the segment ab. */
export function segmentDistance(p: Pt2, a: Pt2, b: Pt2): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** The index of the line nearest p within `reach` pixels, or null; a gap (null point) breaks a line. */
export function nearestLine(lines: readonly (readonly (Pt2 | null)[])[], p: Pt2, reach: number): number | null {
  let best: number | null = null;
  let bestDistance = reach;
  lines.forEach((points, i) => {
    for (let k = 1; k < points.length; k++) {
      const a = points[k - 1];
      const b = points[k];
      if (!a || !b) continue;
      const d = segmentDistance(p, a, b);
      if (d <= bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
  });
  return best;
}
