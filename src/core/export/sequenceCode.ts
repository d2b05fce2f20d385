/**
 * The sequence task in the PyTorch script: each row's sequence read from its column (the rows already in
 * the trainer's order, each sequence's tokens consecutive), batches of whole sequences, and the CRF as
 * sequence/crf.ts computes it: the negative log-likelihood by the forward algorithm in log space, averaged
 * over the batch's sequences, with the transitions, start and end scores a parameter trained with the
 * network and drawn as losses/crf.ts draws them. A per-token loss sees the tokens as rows. The token and
 * sequence metrics (Viterbi decoding) are not replayed: the losses are.
 */
import type { RunConfig } from '../config/types';
import { LossLabError } from '../errors';
import { FORMULA_LOSS_ID } from '../formula';
import { crfSeed } from '../losses/crf';
import type { PreprocessingRecord } from './record';

/** Throws for a sequence run the script cannot replay. */
export function checkSequenceExportable(config: RunConfig, pre: PreprocessingRecord): void {
  if (!pre.group)
    throw new LossLabError('this sequence run was recorded without its sequence column; train it again to export it', {
      field: 'data.sequence',
    });
  if (config.loss.name === FORMULA_LOSS_ID)
    throw new LossLabError('a formula loss cannot be exported for a sequence run: use crf or cross_entropy', {
      field: 'loss.name',
    });
}

/** `GROUP` (the sequence column) and, with a CRF, the seed of its initial scores. */
export function sequenceSettings(config: RunConfig, pre: PreprocessingRecord, py: (v: unknown) => string): string {
  const crf =
    config.loss.name === 'crf'
      ? `\n# The CRF's scores (transitions [i][j] for tag i then j, row-major, then start, then end) start uniform in\n# (-0.1, 0.1), drawn from this seed.\nCRF_SEED = ${py(crfSeed(config.training.seed))}`
      : '';
  return `# Sequences: the losses are replayed, not the tag metrics (Viterbi decoding, accuracies, F1). The column
# that groups rows (tokens) into sequences, and whether its cells are compared as numbers.
GROUP = ${py([pre.group!.column, pre.group!.numeric])}${crf}`;
}

/** The CRF's helpers and `loss_fn(out, y, g, model)`, the mean negative log-likelihood of the batch's sequences. */
export const CRF_LOSS_FUNCTION = `def crf_nll(e, tags, crf):
    """-log p(tags | e) of one sequence: log Z by the forward algorithm in log space, minus the path's score."""
    c = e.shape[1]
    trans, start, end = crf[: c * c].view(c, c), crf[c * c : c * c + c], crf[c * c + c :]
    alpha = start + e[0]
    for t in range(1, len(e)):
        alpha = torch.logsumexp(alpha[:, None] + trans, dim=0) + e[t]
    log_z = torch.logsumexp(alpha + end, dim=0)
    score = start[tags[0]] + end[tags[-1]] + e[torch.arange(len(e)), tags].sum() + trans[tags[:-1], tags[1:]].sum()
    return log_z - score


def sequence_runs(g):
    """The [a, b) of each sequence of a batch: the runs of equal ids, whose rows are whole and in order."""
    starts = [0] + [i for i in range(1, len(g)) if g[i] != g[i - 1]] + [len(g)]
    return list(zip(starts[:-1], starts[1:]))


def loss_fn(out, y, g, model):
    tags = y.long()
    return torch.stack([crf_nll(out[a:b], tags[a:b], model.crf) for a, b in sequence_runs(g)]).mean()`;

/** The line after `model = build_model(...)` that gives a CRF run its scores, from the trainer's draw. */
export const CRF_PARAMETER = `
    crf_rng = Rng(CRF_SEED)
    model.crf = torch.nn.Parameter(torch.tensor([0.2 * crf_rng.uniform() - 0.1 for _ in range(len(CLASSES) ** 2 + 2 * len(CLASSES))]))`;
