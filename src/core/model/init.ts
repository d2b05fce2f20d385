/**
 * Seeded weight initialization. Fan-in/fan-out are PyTorch's for `nn.Linear` (fan_in = inputs).
 * - torch_default: `nn.Linear.reset_parameters`, i.e. kaiming_uniform(a=√5) → U(±1/√fan_in) for
 *   weights, and U(±1/√fan_in) for biases.
 * - xavier_* (Glorot): variance 2/(fan_in+fan_out), for tanh/sigmoid; he_* (Kaiming, gain √2): variance
 *   2/fan_in, for ReLU-like units. These four start biases at zero, as is usual with them.
 */
import { unknownId } from '../errors';
import type { Rng } from '../rng';

export const INIT_IDS = ['torch_default', 'xavier_uniform', 'xavier_normal', 'he_uniform', 'he_normal'] as const;
export type InitId = (typeof INIT_IDS)[number];

export function checkInit(id: string, field = 'model.init'): InitId {
  if ((INIT_IDS as readonly string[]).includes(id)) return id as InitId;
  throw unknownId('init', id, INIT_IDS, field);
}

/** Fills one layer's weight (out × in, row-major) and bias. */
export function initLayer(
  id: InitId,
  weight: Float64Array,
  bias: Float64Array,
  fanIn: number,
  fanOut: number,
  rng: Rng,
): void {
  const uniform = (bound: number) => (rng.uniform() * 2 - 1) * bound;
  switch (id) {
    case 'torch_default': {
      const bound = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < weight.length; i++) weight[i] = uniform(bound);
      for (let i = 0; i < bias.length; i++) bias[i] = uniform(bound);
      return;
    }
    case 'xavier_uniform': {
      const bound = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < weight.length; i++) weight[i] = uniform(bound);
      break;
    }
    case 'xavier_normal': {
      const std = Math.sqrt(2 / (fanIn + fanOut));
      for (let i = 0; i < weight.length; i++) weight[i] = std * rng.normal();
      break;
    }
    case 'he_uniform': {
      const bound = Math.sqrt(6 / fanIn);
      for (let i = 0; i < weight.length; i++) weight[i] = uniform(bound);
      break;
    }
    case 'he_normal': {
      const std = Math.sqrt(2 / fanIn);
      for (let i = 0; i < weight.length; i++) weight[i] = std * rng.normal();
      break;
    }
  }
  bias.fill(0);
}
