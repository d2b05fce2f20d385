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

/**
 * The error for an id that names nothing in a registry: it lists the valid ids and suggests the closest,
 * e.g. `unknown optimizer "adamm" (did you mean adam?); valid: sgd, adagrad, ...`.
 */
export function unknownId(kind: string, id: string, ids: readonly string[], field?: string): LossLabError {
  const near = closest(id, ids);
  return new LossLabError(
    `unknown ${kind} ${showValue(id)}${near.length ? ` (did you mean ${near[0]}?)` : ''}; valid: ${ids.join(', ')}`,
    field ? { field } : {},
  );
}

/** The registry entry called `id`, or the `unknownId` error. */
export function findById<T extends { id: string }>(kind: string, items: readonly T[], id: string, field?: string): T {
  const found = items.find((x) => x.id === id);
  if (found) return found;
  throw unknownId(
    kind,
    id,
    items.map((x) => x.id),
    field,
  );
}

/**
 * Runs a component's constructor, whose own cross-parameter checks name the bare parameter, and places
 * such an error under the config path (`optimizer.nesterov ...`).
 */
export function underPath<T>(path: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (isLossLabError(e) && e.where.field)
      throw new LossLabError(`${path}.${e.message}`, { field: `${path}.${e.where.field}` });
    throw e;
  }
}

/** The longest user text (a column name, a cell, a run name) a message quotes whole. */
export const QUOTE_MAX = 60;
/** Paths get more room: the head says where, the tail which file. */
const PATH_MAX = 120;

// Control characters would break the message's one line (or the terminal showing it).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * User text as a message shows it: control characters escaped, so that the message stays one line, and
 * text longer than `max` cut to its head and tail around an ellipsis; inputs can be huge or hostile (a
 * 1,295-character column name made a message as long), and names often differ only at the end.
 */
export function shorten(text: string, max = QUOTE_MAX): string {
  const escaped = text.replace(CONTROL, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const chars = Array.from(escaped);
  if (chars.length <= max) return escaped;
  const head = Math.ceil((max - 1) / 2);
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (max - 1 - head)).join('')}`;
}

/** User text in single quotes, shortened: how a message names a column, a cell, a run or an argument. */
export function quote(text: unknown, max = QUOTE_MAX): string {
  return `'${shorten(String(text), max)}'`;
}

/** Names in a message, each quoted, the first `max` of them: a file of 2,000 columns lists 10 and a count. */
export function quoteList(names: readonly unknown[], max = 10): string {
  const shown = names.slice(0, max).map((n) => quote(n));
  return names.length > max ? `${shown.join(', ')}, … (${names.length - max} more)` : shown.join(', ');
}

/** A path as a message names it, shortened. */
export function showPath(file: string): string {
  return shorten(file, PATH_MAX);
}

/** A value as a message shows it: JSON, shortened to `max` characters. */
export function showValue(v: unknown, max = QUOTE_MAX): string {
  if (v === undefined) return 'nothing';
  return shorten(typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)), max);
}

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
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
