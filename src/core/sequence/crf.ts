/**
 * A linear-chain conditional random field over C tags, as pytorch-crf's `CRF` (Lample et al. 2016):
 *
 *     score(y) = start[y_0] + Σ_t e_t[y_t] + Σ_{t≥1} T[y_{t−1}][y_t] + end[y_{L−1}]
 *     NLL      = log Σ_y' exp score(y') − score(y),   the log-sum by the forward algorithm
 *
 * `T[i][j]` scores tag i followed by tag j. Its parameters are one flat array: T row-major (C²), then
 * start (C), then end (C). Sequences are concatenated, unpadded: sequence s is the `lengths[s]` rows of
 * `emissions` (row-major, C per row) after the previous ones, so padding has no gradient by construction.
 */

/** Where start and end sit in the flat parameters of a C-tag CRF, and how many there are. */
export function crfLayout(c: number): { start: number; end: number; size: number } {
  return { start: c * c, end: c * c + c, size: c * c + 2 * c };
}

/** The transition scores of a CRF's flat parameters as rows: `[i][j]`, tag i followed by tag j. */
export function transitionMatrix(params: ArrayLike<number>, c: number): number[][] {
  return Array.from({ length: c }, (_, i) => Array.from({ length: c }, (_, j) => params[i * c + j]));
}

/** log Σ_i exp(x_i) over `x[off + i·stride]`, i < c, shifted by the largest term so that nothing overflows. */
function logSumExp(x: Float64Array, off: number, stride: number, c: number): number {
  let m = -Infinity;
  for (let i = 0; i < c; i++) m = Math.max(m, x[off + i * stride]);
  if (m === -Infinity) return m;
  let s = 0;
  for (let i = 0; i < c; i++) s += Math.exp(x[off + i * stride] - m);
  return m + Math.log(s);
}

/** Scratch rows reused across sequences (forward and backward scores, one candidate column). */
interface Scratch {
  alpha: Float64Array;
  beta: Float64Array;
  col: Float64Array;
}

function scratchFor(lengths: ArrayLike<number>, c: number): Scratch {
  let most = 1;
  for (let s = 0; s < lengths.length; s++) most = Math.max(most, lengths[s]);
  return { alpha: new Float64Array(most * c), beta: new Float64Array(most * c), col: new Float64Array(c) };
}

/** alpha[t][j] = log Σ over paths ending in j at t of exp(score so far); returns log Z. */
function forward(e: Float64Array, off: number, len: number, c: number, p: Float64Array, w: Scratch): number {
  const { start, end } = crfLayout(c);
  const { alpha, col } = w;
  for (let j = 0; j < c; j++) alpha[j] = p[start + j] + e[off + j];
  for (let t = 1; t < len; t++)
    for (let j = 0; j < c; j++) {
      for (let i = 0; i < c; i++) col[i] = alpha[(t - 1) * c + i] + p[i * c + j];
      alpha[t * c + j] = logSumExp(col, 0, 1, c) + e[off + t * c + j];
    }
  for (let j = 0; j < c; j++) col[j] = alpha[(len - 1) * c + j] + p[end + j];
  return logSumExp(col, 0, 1, c);
}

/** beta[t][i] = log Σ over continuations from i at t of exp(their score), end included. */
function backward(e: Float64Array, off: number, len: number, c: number, p: Float64Array, w: Scratch): void {
  const { end } = crfLayout(c);
  const { beta, col } = w;
  for (let i = 0; i < c; i++) beta[(len - 1) * c + i] = p[end + i];
  for (let t = len - 2; t >= 0; t--)
    for (let i = 0; i < c; i++) {
      for (let j = 0; j < c; j++) col[j] = p[i * c + j] + e[off + (t + 1) * c + j] + beta[(t + 1) * c + j];
      beta[t * c + i] = logSumExp(col, 0, 1, c);
    }
}

/** The score of the tag path `tags[from .. from + len)`. */
function pathScore(e: Float64Array, tags: ArrayLike<number>, from: number, len: number, c: number, p: Float64Array) {
  const { start, end } = crfLayout(c);
  let s = p[start + tags[from]] + p[end + tags[from + len - 1]];
  for (let t = 0; t < len; t++) s += e[(from + t) * c + tags[from + t]];
  for (let t = 1; t < len; t++) s += p[tags[from + t - 1] * c + tags[from + t]];
  return s;
}

/** Where the CRF's gradients go (overwritten): d loss / d emissions (same shape) and d loss / d parameters. */
export interface CrfGrads {
  emissions: Float64Array;
  params: Float64Array;
}

/**
 * Adds one sequence's gradient, scaled by `scale`: marginals minus observed counts. The node marginal of j
 * at t is exp(alpha + beta − log Z); the edge marginal of i → j between t−1 and t is
 * exp(alpha[t−1][i] + T[i][j] + e_t[j] + beta[t][j] − log Z).
 */
function addGradient(
  seq: { e: Float64Array; tags: ArrayLike<number>; from: number; len: number; logZ: number },
  c: number,
  p: Float64Array,
  w: Scratch,
  g: CrfGrads,
  scale: number,
): void {
  const { e, tags, from, len, logZ } = seq;
  const { start, end } = crfLayout(c);
  const { alpha, beta } = w;
  const off = from * c;
  for (let t = 0; t < len; t++)
    for (let j = 0; j < c; j++) {
      const m = Math.exp(alpha[t * c + j] + beta[t * c + j] - logZ) * scale;
      g.emissions[off + t * c + j] += m;
      if (t === 0) g.params[start + j] += m;
      if (t === len - 1) g.params[end + j] += m; // beta at the last position is end itself
      if (t > 0)
        for (let i = 0; i < c; i++)
          g.params[i * c + j] +=
            Math.exp(alpha[(t - 1) * c + i] + p[i * c + j] + e[off + t * c + j] + beta[t * c + j] - logZ) * scale;
    }
  g.params[start + tags[from]] -= scale;
  g.params[end + tags[from + len - 1]] -= scale;
  for (let t = 0; t < len; t++) g.emissions[off + t * c + tags[from + t]] -= scale;
  for (let t = 1; t < len; t++) g.params[tags[from + t - 1] * c + tags[from + t]] -= scale;
}

/**
 * The mean negative log-likelihood over the sequences; with `grads`, overwrites them with its gradient.
 * `tags` has one tag index per emission row.
 */
export function crfNll(
  emissions: Float64Array,
  tags: ArrayLike<number>,
  lengths: ArrayLike<number>,
  c: number,
  params: Float64Array,
  grads: CrfGrads | null,
): number {
  const w = scratchFor(lengths, c);
  if (grads) {
    grads.emissions.fill(0);
    grads.params.fill(0);
  }
  const scale = 1 / lengths.length;
  let total = 0;
  let from = 0;
  for (let s = 0; s < lengths.length; s++) {
    const len = lengths[s];
    const logZ = forward(emissions, from * c, len, c, params, w);
    total += logZ - pathScore(emissions, tags, from, len, c, params);
    if (grads) {
      backward(emissions, from * c, len, c, params, w);
      addGradient({ e: emissions, tags, from, len, logZ }, c, params, w, grads, scale);
    }
    from += len;
  }
  return total * scale;
}

/** The highest-scoring tag path of each sequence, concatenated like the emissions (Viterbi). */
export function viterbi(
  emissions: Float64Array,
  lengths: ArrayLike<number>,
  c: number,
  params: Float64Array,
): Int32Array {
  const { start, end } = crfLayout(c);
  let total = 0;
  for (let s = 0; s < lengths.length; s++) total += lengths[s];
  const path = new Int32Array(total);
  const back = new Int32Array(total * c);
  const best = new Float64Array(c);
  const next = new Float64Array(c);
  let from = 0;
  for (let s = 0; s < lengths.length; s++) {
    const len = lengths[s];
    for (let j = 0; j < c; j++) best[j] = params[start + j] + emissions[from * c + j];
    for (let t = 1; t < len; t++) {
      for (let j = 0; j < c; j++) {
        let arg = 0;
        for (let i = 1; i < c; i++) if (best[i] + params[i * c + j] > best[arg] + params[arg * c + j]) arg = i;
        next[j] = best[arg] + params[arg * c + j] + emissions[(from + t) * c + j];
        back[(from + t) * c + j] = arg;
      }
      best.set(next);
    }
    let tag = 0;
    for (let j = 1; j < c; j++) if (best[j] + params[end + j] > best[tag] + params[end + tag]) tag = j;
    for (let t = len - 1; t >= 0; t--) {
      path[from + t] = tag;
      tag = back[(from + t) * c + tag];
    }
    from += len;
  }
  return path;
}
