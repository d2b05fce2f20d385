/** Divergences between a predicted distribution (softmax of the outputs) and a target distribution. */
import { sized } from './sizes';
import { rowMax, sumExpShifted } from './stable';
import type { LossSpec } from './types';

export const klDiv: LossSpec = {
  id: 'kl_div',
  title: 'KL divergence',
  description: 'How far the predicted distribution is from a target distribution; for soft labels and distillation.',
  ...sized('kl_div', { distribution: 'classes' }),
  params: [],
  arity: 1,
  compute(batch, _p, grads) {
    // torch.nn.KLDivLoss(reduction='batchmean') on log_softmax(x): sum P (log P - log Q) / N, with
    // 0 log 0 = 0 (xlogy). Through the log-softmax, d/dx_j = (q_j sum_c P_c - P_j) / N; the sum is kept
    // rather than assumed to be 1, as autograd would.
    const { n, k } = batch;
    const x = batch.outputs[0];
    const P = batch.target;
    const g = grads ? grads[0] : null;
    let sum = 0;
    for (let i = 0, o = 0; i < n; i++, o += k) {
      const m = rowMax(x, o, k);
      const s = sumExpShifted(x, o, k, m, g);
      const lse = Math.log(s);
      let mass = 0;
      for (let c = 0; c < k; c++) {
        const pc = P[o + c];
        mass += pc;
        sum += (pc === 0 ? 0 : pc * Math.log(pc)) - pc * (x[o + c] - m - lse);
      }
      if (g) for (let j = 0; j < k; j++) g[o + j] = ((g[o + j] / s) * mass - P[o + j]) / n;
    }
    return sum / n;
  },
};
