/**
 * Metric-learning losses on embeddings (`k` = embedding width): pull matching examples together and push
 * others at least a margin apart.
 */
import { num } from '../params';
import { sized } from './sizes';
import type { LossSpec } from './types';

/** Distance torch.nn.PairwiseDistance adds to every coordinate difference (TripletMarginLoss's default). */
const PAIRWISE_EPS = 1e-6;

export const contrastive: LossSpec = {
  id: 'contrastive',
  title: 'Contrastive',
  description:
    'Pulls similar pairs together and pushes dissimilar pairs at least a margin apart; for siamese networks.',
  ...sized('contrastive', { embedding: 0 }),
  params: [
    {
      name: 'margin',
      type: 'number',
      default: 1,
      min: 0,
      doc: 'Distance beyond which dissimilar pairs stop contributing.',
    },
  ],
  arity: 2,
  compute(batch, p, grads) {
    // Hadsell et al. (2006): mean(y d^2 + (1 - y) max(0, margin - d)^2), d = ||x1 - x2|| (no eps), y = 1
    // for a similar pair. d/dx1 = (2 y - 2 (1 - y) max(0, margin - d) / d) (x1 - x2), d/dx2 = -d/dx1; at
    // d = 0 the second term is taken as 0, as PyTorch's norm gradient is (so it stays finite).
    const margin = num(p, 'margin');
    const { n, k } = batch;
    const a = batch.outputs[0];
    const b = batch.outputs[1];
    const ga = grads ? grads[0] : null;
    const gb = grads ? grads[1] : null;
    let sum = 0;
    for (let i = 0, o = 0; i < n; i++, o += k) {
      const y = batch.target[i];
      let d2 = 0;
      for (let j = 0; j < k; j++) {
        const diff = a[o + j] - b[o + j];
        d2 += diff * diff;
      }
      const d = Math.sqrt(d2);
      const h = Math.max(0, margin - d);
      sum += y * d2 + (1 - y) * h * h;
      if (ga && gb) {
        const coef = (2 * y - (d > 0 ? (2 * (1 - y) * h) / d : 0)) / n;
        for (let j = 0; j < k; j++) {
          const gj = coef * (a[o + j] - b[o + j]);
          ga[o + j] = gj;
          gb[o + j] = -gj;
        }
      }
    }
    return sum / n;
  },
};

export const triplet: LossSpec = {
  id: 'triplet',
  title: 'Triplet margin',
  description:
    'Anchor must be closer to a positive than to a negative by a margin; for face-recognition-style embeddings.',
  ...sized('triplet', { embedding: 0 }),
  params: [
    {
      name: 'margin',
      type: 'number',
      default: 1,
      min: 0,
      doc: 'How much closer the positive must be than the negative.',
    },
  ],
  arity: 3,
  compute(batch, p, grads) {
    // torch.nn.TripletMarginLoss (p = 2): mean(max(0, margin + d(a, pos) - d(a, neg))) with
    // d(u, v) = ||u - v + eps||. clamp_min passes the gradient at exactly 0, so a triplet on the margin
    // still counts. A zero distance contributes no gradient, as PyTorch's norm gradient.
    const margin = num(p, 'margin');
    const { n, k } = batch;
    const a = batch.outputs[0];
    const pos = batch.outputs[1];
    const neg = batch.outputs[2];
    const ga = grads ? grads[0] : null;
    const gp = grads ? grads[1] : null;
    const gn = grads ? grads[2] : null;
    let sum = 0;
    for (let i = 0, o = 0; i < n; i++, o += k) {
      let dp2 = 0;
      let dn2 = 0;
      for (let j = 0; j < k; j++) {
        const u = a[o + j] - pos[o + j] + PAIRWISE_EPS;
        const v = a[o + j] - neg[o + j] + PAIRWISE_EPS;
        dp2 += u * u;
        dn2 += v * v;
      }
      const dp = Math.sqrt(dp2);
      const dn = Math.sqrt(dn2);
      const z = margin + dp - dn;
      if (z >= 0) sum += z;
      if (ga && gp && gn) {
        const cp = z >= 0 && dp > 0 ? 1 / (dp * n) : 0;
        const cn = z >= 0 && dn > 0 ? 1 / (dn * n) : 0;
        for (let j = 0; j < k; j++) {
          const u = (a[o + j] - pos[o + j] + PAIRWISE_EPS) * cp;
          const v = (a[o + j] - neg[o + j] + PAIRWISE_EPS) * cn;
          ga[o + j] = u - v;
          gp[o + j] = -u;
          gn[o + j] = v;
        }
      }
    }
    return sum / n;
  },
};

export const EMBEDDING_LOSSES: readonly LossSpec[] = [contrastive, triplet];
