/** Rows drawn from a trained generative model: z ~ N(0, I) through its sampler, each category drawn from its softmax. */
import type { Mlp } from '../model/mlp';
import type { Rng } from '../rng';
import { type ColumnSample, type GenerativeLayout, drawColumns, softmaxBlocks } from './layout';

export function sampleColumns(sampler: Mlp, layout: GenerativeLayout, n: number, rng: Rng): ColumnSample {
  const latent = sampler.inputSize;
  const z = Float64Array.from({ length: n * latent }, () => rng.normal());
  const out = sampler.forward(z, n).slice();
  softmaxBlocks(layout, out, n);
  return drawColumns(layout, out, n, rng);
}
