/**
 * Self-supervised contrastive loss over two views of a batch. Its input is two embedding matrices with
 * no target, which the supervised registry cannot express: the trainer calls it directly once
 * contrastive tasks land.
 */
import { LossLabError } from '../errors';
import { rowProducts } from '../model/rowProducts';

/** F.normalize's floor on a row's norm. */
const NORM_EPS = 1e-12;

/**
 * NT-Xent (SimCLR, Chen et al. 2020), as InfoNCE with in-batch negatives. The 2n rows of [z1; z2]
 * (each n × d, row-major) are L2-normalised to u; S = u uᵀ / τ without its diagonal; row r's positive
 * is its other view (r ± n), every other row a negative:
 *
 *     loss = (1/2n) Σ_r [ log Σ_{c≠r} exp(S_rc) − S_{r,pos(r)} ]
 *
 * When `grads` is given, overwrites grads.z1 and grads.z2 with the gradient, through the normalisation.
 */
export function infoNceLoss(
  z1: Float64Array,
  z2: Float64Array,
  n: number,
  d: number,
  temperature: number,
  grads: { z1: Float64Array; z2: Float64Array } | null,
): number {
  if (!(temperature > 0 && Number.isFinite(temperature)))
    throw new LossLabError(`temperature must be a positive number, got ${temperature}`, { field: 'temperature' });
  if (z1.length !== n * d || z2.length !== n * d)
    throw new LossLabError(`info_nce needs two ${n} × ${d} views, got ${z1.length} and ${z2.length} values`);
  const m = 2 * n;
  const row = (r: number) => (r < n ? z1.subarray(r * d, (r + 1) * d) : z2.subarray((r - n) * d, (r - n + 1) * d));
  const norms = Float64Array.from({ length: m }, (_, r) => Math.max(Math.hypot(...row(r)), NORM_EPS));
  const u = new Float64Array(m * d);
  for (let r = 0; r < m; r++) row(r).forEach((v, j) => (u[r * d + j] = v / norms[r]));
  // S_rc = u_r · u_c / τ: u uᵀ on the dense kernels (u_c · u_r has the same terms in the same order).
  const S = rowProducts().product(u, u, m, d, m, { bTransposed: true });
  for (let i = 0; i < S.length; i++) S[i] /= temperature;
  // dS[r][c] = d loss / d S_rc: (softmax over c ≠ r) − [c = pos(r)], over 2n.
  const dS = new Float64Array(m * m);
  let sum = 0;
  for (let r = 0; r < m; r++) {
    const pos = r < n ? r + n : r - n;
    let max = -Infinity;
    for (let c = 0; c < m; c++) if (c !== r) max = Math.max(max, S[r * m + c]);
    let total = 0;
    for (let c = 0; c < m; c++) if (c !== r) total += dS[r * m + c] = Math.exp(S[r * m + c] - max);
    sum += max + Math.log(total) - S[r * m + pos];
    for (let c = 0; c < m; c++) dS[r * m + c] = c === r ? 0 : dS[r * m + c] / total / m;
    dS[r * m + pos] -= 1 / m;
  }
  if (grads) backToInputs(u, norms, dS, m, d, temperature, grads, n);
  return sum / m;
}

/**
 * dL/du_r = (1/τ) Σ_c (dS_rc + dS_cr) u_c, then through u = z / ‖z‖: dz = (du − u (u·du)) / ‖z‖ (or
 * du / eps where the norm is floored, the floor being a constant).
 */
function backToInputs(
  u: Float64Array,
  norms: Float64Array,
  dS: Float64Array,
  m: number,
  d: number,
  temperature: number,
  grads: { z1: Float64Array; z2: Float64Array },
  n: number,
): void {
  const w = new Float64Array(m * m);
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) w[r * m + c] = (dS[r * m + c] + dS[c * m + r]) / temperature;
  // All the rows' du at once, W u on the dense kernels.
  const all = rowProducts().product(w, u, m, m, d);
  for (let r = 0; r < m; r++) {
    const du = all.subarray(r * d, (r + 1) * d);
    let dot = 0;
    if (norms[r] > NORM_EPS) for (let j = 0; j < d; j++) dot += u[r * d + j] * du[j];
    const out = r < n ? grads.z1 : grads.z2;
    const off = (r < n ? r : r - n) * d;
    for (let j = 0; j < d; j++) out[off + j] = (du[j] - u[r * d + j] * dot) / norms[r];
  }
}
