/** Rows drawn from a trained generative model: z ~ N(0, I) through its sampler, each category drawn from its softmax. */
import type { Mlp } from '../model/mlp';
import type { Rng } from '../rng';
import { type ColumnSample, type GenerativeLayout, decodeRows, drawColumns, softmaxBlocks } from './layout';

export function sampleColumns(sampler: Mlp, layout: GenerativeLayout, n: number, rng: Rng): ColumnSample {
  const latent = sampler.inputSize;
  const z = Float64Array.from({ length: n * latent }, () => rng.normal());
  const out = sampler.forward(z, n).slice();
  softmaxBlocks(layout, out, n);
  return drawColumns(layout, out, n, rng);
}

/** `n` sampled rows in the original units, column names and labels (what `losslab sample` writes). */
export function sampleRows(
  sampler: Mlp,
  layout: GenerativeLayout,
  n: number,
  rng: Rng,
): { header: string[]; rows: string[][] } {
  return decodeRows(layout, sampleColumns(sampler, layout, n, rng));
}
