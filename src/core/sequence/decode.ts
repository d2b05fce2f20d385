/**
 * A sequence tagger's predicted tags: with a CRF the best path of each sequence (Viterbi), without one the
 * highest-scoring tag of each token on its own.
 */
import { viterbi } from './crf';

export function decodeTags(
  emissions: Float64Array,
  lengths: readonly number[],
  tags: number,
  crfParams: Float64Array | null,
): Int32Array {
  if (crfParams) return viterbi(emissions, lengths, tags, crfParams);
  const n = emissions.length / tags;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < tags; j++) if (emissions[i * tags + j] > emissions[i * tags + best]) best = j;
    out[i] = best;
  }
  return out;
}
