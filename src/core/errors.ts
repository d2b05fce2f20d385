/**
 * Errors a user can cause (a bad CSV, a bad config, a bad flag). They carry where the problem is so the
 * CLI can print one short line (exit code 2) and the extension can offer a jump to the offending line.
 * Anything else that is thrown is our bug and keeps its stack trace.
 */
export interface ErrorLocation {
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based column in `file` (or in a formula). */
  column?: number;
  /** Config field path, e.g. `optimizer.betas[1]`. */
  field?: string;
}

export class LossLabError extends Error {
  constructor(
    message: string,
    readonly where: ErrorLocation = {},
  ) {
    super(message);
    this.name = 'LossLabError';
  }
}

export function isLossLabError(e: unknown): e is LossLabError {
  return e instanceof LossLabError;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The candidates closest to `name` (case-insensitive), best first; at most `max`. */
export function closest(name: string, candidates: readonly string[], max = 3): string[] {
  const lower = name.toLowerCase();
  return candidates
    .map((c) => ({ c, d: editDistance(lower, c.toLowerCase()) - (c.toLowerCase().includes(lower) ? 2 : 0) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 2)))
    .sort((x, y) => x.d - y.d)
    .slice(0, max)
    .map(({ c }) => c);
}
