/** How numbers and times read in the dashboard: short, and never a wall of digits. */

/** 4 significant digits; scientific outside [1e-3, 1e5) so learning rates and ratios stay readable. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) {
    const [mantissa, exponent] = v.toExponential(2).split('e');
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  return String(Number(v.toPrecision(4)));
}

/** A time-axis tick: 45s, 2:30, 1:02:03. */
export function formatClock(seconds: number): string {
  const s = Math.round(seconds);
  if (Math.abs(s) < 60) return `${s}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** A step-axis tick: 950, 12k, 1.5M. */
export function formatCount(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(6)));
}

/**
 * Seconds left if the rest of the run goes at the pace so far: elapsed·(1 − p)/p with p = done/total.
 * Null before the first step, when the pace is unknown.
 */
export function remainingSeconds(elapsed: number, done: number, total: number): number | null {
  if (!(total > 0) || !(done > 0) || !(elapsed >= 0)) return null;
  const p = Math.min(done / total, 1);
  return (elapsed * (1 - p)) / p;
}
