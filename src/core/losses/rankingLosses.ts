/**
 * The ranking task's losses, on the scores of a batch of whole groups: pairwise (RankNet, the margin
 * hinge, LambdaRank) and listwise (ListNet). Pointwise ranking is `mse` on the grade (regression.ts).
 */
import { type Params, num } from '../params';
import { ndcgSwapWeights } from './lambdarank';
import { type RankingBatch, listnetLoss, marginPair, pairwiseLoss, ranknetPair } from './ranking';
import { sized } from './sizes';
import type { LossBatch, LossSpec } from './types';

const ranking = { ranking: 1 } as const;

/** The batch as the ranking kernels take it; `grads`' one array is the gradient of the scores. */
function rankingBatch(batch: LossBatch): RankingBatch {
  if (!batch.group) throw new Error('a ranking loss needs the batch’s group ids');
  return { scores: batch.outputs[0], relevance: batch.target, group: batch.group };
}

function groupLoss(
  meta: Omit<LossSpec, 'arity' | 'compute' | 'tasks' | 'outputSize'>,
  compute: (b: RankingBatch, p: Params, grad: Float64Array | null) => number,
): LossSpec {
  return {
    ...meta,
    ...sized(meta.id, ranking),
    arity: 1,
    compute: (batch, p, grads) => compute(rankingBatch(batch), p, grads ? grads[0] : null),
  };
}

const SIGMA = {
  name: 'sigma',
  type: 'number',
  default: 1,
  min: 0,
  minExclusive: true,
  doc: 'Steepness of the pair sigmoid: the pair probability is sigmoid(sigma · (s_i − s_j)).',
} as const;

export const ranknet = groupLoss(
  {
    id: 'ranknet',
    title: 'RankNet',
    description: 'Pairwise: the probability that the better row of each pair scores higher, by cross-entropy.',
    params: [SIGMA],
  },
  (b, p, grad) => pairwiseLoss(b, ranknetPair(num(p, 'sigma')), null, grad),
);

export const marginRanking = groupLoss(
  {
    id: 'margin_ranking',
    title: 'Margin ranking (pairwise hinge)',
    description: 'Pairwise: the better row of each pair should score higher by at least the margin.',
    params: [
      {
        name: 'margin',
        type: 'number',
        default: 1,
        doc: 'The score gap wanted between the better row of a pair and the other.',
      },
    ],
  },
  (b, p, grad) => pairwiseLoss(b, marginPair(num(p, 'margin')), null, grad),
);

export const lambdarank = groupLoss(
  {
    id: 'lambdarank',
    title: 'LambdaRank',
    description:
      "Pairwise, weighted by each pair's effect on NDCG: optimizes the ranking's top, as LightGBM's lambdarank.",
    params: [SIGMA],
  },
  (b, p, grad) => pairwiseLoss(b, ranknetPair(num(p, 'sigma')), ndcgSwapWeights(b.scores, b.relevance), grad),
);

export const listnet = groupLoss(
  {
    id: 'listnet',
    title: 'ListNet',
    description: "Listwise: the cross-entropy between each group's top-one distributions of relevance and scores.",
    params: [],
  },
  (b, _p, grad) => listnetLoss(b, grad),
);

export const RANKING_LOSSES: readonly LossSpec[] = [lambdarank, ranknet, marginRanking, listnet];
