/**
 * The ranking task in the PyTorch script: each row's group read from the CSV, the training groups in their
 * order, and the ranking losses on a batch of whole groups, as losses/ranking.ts, rankingLosses.ts and
 * lambdarank.ts compute them (pairs are the ordered pairs of one group with a higher relevance first).
 */
import type { RunConfig } from '../config/types';
import { LossLabError } from '../errors';

/** `loss_fn(out, y, g)` of each ranking loss: the scores, the relevance and the rows' groups. */
const LOSSES: Record<string, (p: Record<string, unknown>, py: (v: unknown) => string) => string> = {
  mse: () => 'return ((out[:, 0] - y[:, 0]) ** 2).mean()',
  ranknet: (p, py) =>
    `s, (hi, lo) = out[:, 0], pairs(y[:, 0], g)\n    if len(hi) == 0:\n        return out.sum() * 0\n    return softplus(-${py(p.sigma)} * (s[hi] - s[lo])).mean()`,
  margin_ranking: (p, py) =>
    `s, (hi, lo) = out[:, 0], pairs(y[:, 0], g)\n    if len(hi) == 0:\n        return out.sum() * 0\n    return torch.clamp(${py(p.margin)} - (s[hi] - s[lo]), min=0).mean()`,
  lambdarank: (p, py) =>
    `s, (hi, lo) = out[:, 0], pairs(y[:, 0], g)\n    if len(hi) == 0:\n        return out.sum() * 0\n    w = swap_weights(s.detach(), y[:, 0], g, hi, lo)\n    return (w * softplus(-${py(p.sigma)} * (s[hi] - s[lo]))).sum() / w.sum()`,
  listnet: () =>
    'terms = [-(torch.softmax(y[rows, 0], 0) * torch.log_softmax(out[rows, 0], 0)).sum() for rows in group_rows(g)]\n    return torch.stack(terms).mean()',
};

/** Whether the script can replay a ranking run with this loss. */
export function rankingLossExportable(name: string): boolean {
  return name in LOSSES;
}

/** The helpers and `loss_fn(out, y, g)` of a ranking run. */
export function rankingLossFunction(config: RunConfig, py: (v: unknown) => string): string {
  const code = LOSSES[config.loss.name];
  if (!code)
    throw new LossLabError(`loss ${config.loss.name} cannot be exported for a ranking run`, { field: 'loss.name' });
  const { name: _name, ...params } = config.loss;
  return `${HELPERS}\n\n\ndef loss_fn(out, y, g):\n    ${code(params, py)}`;
}

/** `group_ids` and `group_rows`: each row's group (query or sequence), and the rows of each group. */
export const GROUP_HELPERS = `def group_ids(header, rows):
    """Each row's group: its cell's index in order of first appearance (cells compared as numbers or as text)."""
    column, numeric = GROUP
    j = header.index(column)
    ids = {}
    return torch.tensor([float(ids.setdefault(float(r[j]) if numeric else r[j], len(ids))) for r in rows])


def group_rows(g, rows=None):
    """The rows (of \`rows\`, else all) of each group, in order of first appearance."""
    members = {}
    for i in range(len(g)) if rows is None else rows:
        members.setdefault(g[i].item(), []).append(i)
    return list(members.values())`;

const HELPERS = `def softplus(z):
    """log(1 + e^z) exactly: F.softplus turns linear above 20."""
    return torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))


${GROUP_HELPERS}


def pairs(rel, g):
    """The ordered pairs (hi, lo) of one group with rel[hi] > rel[lo], as two index tensors."""
    hi, lo = [], []
    for rows in group_rows(g):
        rows = torch.tensor(rows)
        i, j = torch.nonzero(rel[rows][:, None] > rel[rows][None, :], as_tuple=True)
        hi.append(rows[i])
        lo.append(rows[j])
    return torch.cat(hi), torch.cat(lo)


def swap_weights(s, rel, g, hi, lo):
    """LambdaRank: |ΔNDCG| of swapping each pair in the current ranking (gain 2^rel - 1, log2 discount),
    positions by descending score (ties by row order), over the group's ideal DCG."""
    position, ideal = torch.zeros(len(s), dtype=torch.long), {}
    for rows in group_rows(g):
        rows = torch.tensor(rows)
        ranked = rows[torch.sort(-s[rows], stable=True).indices]
        position[ranked] = torch.arange(len(rows))
        best = torch.sort(-rel[rows], stable=True).values.neg()
        ideal[g[rows[0]].item()] = ((2**best - 1) / torch.log2(torch.arange(len(rows)) + 2.0)).sum().item()
    discount = 1 / torch.log2(position.double() + 2)
    idcg = torch.tensor([ideal[k] for k in g[hi].tolist()])
    return ((2 ** rel[hi] - 2 ** rel[lo]) * (discount[hi] - discount[lo])).abs() / idcg`;

/** The training setup's lines that turn the training rows into groups, which the batches then order. */
export const GROUPED_ORDER = `    # Ranking: batches of whole groups; \`order\` orders the training groups (first appearance among their rows).
    members = group_rows(g, order)
    order = list(range(len(members)))`;
