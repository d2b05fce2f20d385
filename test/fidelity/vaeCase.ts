/**
 * A VAE training case: the encoder (its μ and log σ² heads stacked as one last layer, which computes the
 * same), the decoder and the case's reparameterization noise, one full-batch step at a time through the
 * generate family's own step (src/core/generate/vae.ts).
 */
import type { LayerParams } from '../../src/core/model/mlp';
import { Mlp } from '../../src/core/model/mlp';
import { defaultConfig } from '../../src/core/config/defaults';
import { vaeFamily } from '../../src/core/generate/vae';
import type { GenerativeLayout } from '../../src/core/generate/layout';
import { type CaseResult, type Tolerance, all, compare, flatten, guarded } from './cases';

interface VaeWeights {
  encoder: LayerParams[];
  mu: LayerParams;
  logvar: LayerParams;
  decoder: LayerParams[];
}

export interface VaeCase {
  kind: 'train';
  task: 'vae';
  data: { x: number[][]; eps: number[][][] };
  model: {
    encoder_sizes: number[];
    latent: number;
    decoder_sizes: number[];
    activation: string;
    /** The [offset, width] of each categorical column's softmax block (the project's own cases). */
    blocks?: [number, number][];
    initial: VaeWeights;
  };
  loss: { name: 'vae'; params: { beta: number } };
  optimizer: { name: string; params: Record<string, unknown> };
  steps: number;
  expected: { loss: number[]; final: VaeWeights };
  tolerance: Tolerance;
}

export function runVaeCase(c: VaeCase): CaseResult {
  return guarded('train vae', () => train(c));
}

/** The encoder's layers with μ and log σ² as one last layer of 2K outputs. */
function encoderLayers(w: VaeWeights): LayerParams[] {
  return [...w.encoder, { weight: [...w.mu.weight, ...w.logvar.weight], bias: [...w.mu.bias, ...w.logvar.bias] }];
}

function train(c: VaeCase): CaseResult {
  const k = c.model.latent;
  const x = Float64Array.from(c.data.x.flat());
  const n = c.data.x.length;
  const width = c.data.x[0].length;
  const encoder = new Mlp([...c.model.encoder_sizes, 2 * k], c.model.activation);
  encoder.setParams(encoderLayers(c.model.initial));
  const decoder = new Mlp(c.model.decoder_sizes, c.model.activation);
  decoder.setParams(c.model.initial.decoder);
  const eps = c.data.eps.flat(2);
  let next = 0;
  const config = defaultConfig('case.csv');
  config.optimizer = { name: c.optimizer.name, ...(c.optimizer.params as Record<string, never>) };
  const layout: GenerativeLayout = {
    width,
    blocks: (c.model.blocks ?? []).map(([offset, w], b) => ({
      kind: 'categorical',
      name: `c${b}`,
      offset,
      width: w,
      labels: Array.from({ length: w }, (_, l) => String(l)),
    })),
  };
  const model = vaeFamily.create({
    config,
    layout,
    latent: k,
    lossParams: c.loss.params,
    networks: [encoder, decoder],
    noise: { normal: () => eps[next++] },
  });
  const lr = Number(c.optimizer.params.lr);
  const losses: number[] = [];
  for (let t = 0; t < c.steps; t++) losses.push(model.step(x, n, lr).loss);
  const flat = (l: LayerParams[]) => flatten(l.map((v) => [v.weight, v.bias]));
  const e = c.expected.final;
  return all([
    compare(losses, c.expected.loss, c.tolerance, 'loss'),
    compare(flat(encoder.getParams()), flat(encoderLayers(e)), c.tolerance, 'final encoder, mu, logvar'),
    compare(flat(decoder.getParams()), flat(e.decoder), c.tolerance, 'final decoder'),
    compare([next], [eps.length], { rtol: 0, atol: 0 }, 'noise draws'),
  ]);
}
