/** The generative families, by the losses that select them: a new family is one more entry here. */
import { LossLabError, quote } from '../errors';
import type { GenerativeFamily } from './family';
import { ganFamily } from './gan';
import { vaeFamily } from './vae';

export const FAMILIES: readonly GenerativeFamily[] = [vaeFamily, ganFamily];

export function familyOf(loss: string): GenerativeFamily {
  const f = FAMILIES.find((x) => x.losses.includes(loss));
  if (f) return f;
  const known = FAMILIES.flatMap((x) => x.losses);
  throw new LossLabError(
    `loss ${quote(loss)} does not train a generative model; the generate task takes ${known.join(', ')}`,
    { field: 'loss.name' },
  );
}
