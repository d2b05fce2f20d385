/**
 * A duration as every view writes it (the CLI, the Runs view, the lenses, the dashboard and the HTML
 * report): 42 ms, 4.1 s, 42 s, 3 min 5 s, 1 h 2 min. Runs on small data take milliseconds, which a
 * tenth of a second would show as 0.0 s. Null, negative or not finite: '—'.
 */
export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 0.0995) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 9.95) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor(s / 60) % 60} min`;
}
