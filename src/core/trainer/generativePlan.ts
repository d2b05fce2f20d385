/**
 * A generate run's plan: its family (chosen by the loss), the family's networks and the latent size, and
 * the settings a generate run does not take yet, refused by name rather than ignored.
 */
import type { RunConfig } from '../config/types';
import type { Dataset } from '../dataset';
import { LossLabError } from '../errors';
import { familyOf } from '../generate/families';
import { DEFAULT_LATENT, type GenerativeFamily, type NetworkSpec } from '../generate/family';
import { Mlp } from '../model/mlp';
import type { RunPlan } from './setup';

export interface GenerativePlan {
  family: GenerativeFamily;
  latent: number;
  /** In the order their layers are recorded (final.json holds them one after the other). */
  networks: NetworkSpec[];
}

/** Settings of a supervised run that a generate run has no use for yet: field, and whether it is set. */
const UNSUPPORTED: [string, (c: RunConfig) => boolean][] = [
  ['model.batchNorm', (c) => c.model.batchNorm],
  ['model.dropout', (c) => c.model.dropout > 0],
  ['model.initial', (c) => c.model.initial !== undefined],
  ['training.l1', (c) => c.training.l1 !== 0],
  ['training.l2', (c) => c.training.l2 !== 0],
  ['training.clipValue', (c) => c.training.clipValue !== null],
  ['training.accumulate', (c) => c.training.accumulate !== 1],
  ['training.threads', (c) => (c.training.threads ?? 1) !== 1],
  ['training.earlyStopping', (c) => c.training.earlyStopping !== null],
  ['pretrain', (c) => c.pretrain !== undefined],
  ['data.labelFraction', (c) => c.data.labelFraction !== undefined],
];

export function planGenerative(config: RunConfig, data: Dataset): GenerativePlan {
  for (const [field, set] of UNSUPPORTED)
    if (set(config)) throw new LossLabError(`${field} does not apply to a generate run yet: leave it out`, { field });
  const family = familyOf(config.loss.name);
  const latent = config.model.latent ?? DEFAULT_LATENT;
  return { family, latent, networks: family.networks(data.d, latent, config.model.hidden) };
}

/** The networks of a generate plan with their initial weights, each drawn from its own seed. */
export function buildNetworks(plan: Pick<RunPlan, 'config' | 'generative'>): Mlp[] {
  const { model, training } = plan.config;
  return plan.generative!.networks.map((n, i) => {
    const mlp = new Mlp(n.sizes, model.activation);
    mlp.init(model.init, (training.seed + 1000003 * i) >>> 0);
    return mlp;
  });
}
