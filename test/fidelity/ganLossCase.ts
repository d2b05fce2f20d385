/**
 * The `loss` cases of the adversarial losses (src/core/losses/gan.ts): a discriminator loss's input is
 * `{real, fake}`, a generator loss's `{fake}`, the discriminator's raw outputs on each; the gradient has the
 * input's shape.
 */
import { CRITIC_LOSSES, GENERATOR_LOSSES } from '../../src/core/losses/gan';
import { type CaseResult, type Nested, type Tolerance, compareLoss, flatten, guarded } from './cases';

export interface GanLossCase {
  kind: 'loss';
  name: string;
  input: Record<string, Nested[]>;
  expected: { value: number; grad: Record<string, Nested[]> };
  tolerance: Tolerance;
}

const NAMES = new Set([...CRITIC_LOSSES, ...GENERATOR_LOSSES].map((l) => l.id));

export function isGanLoss(name: string): boolean {
  return NAMES.has(name);
}

function evaluate(c: GanLossCase): { value: number; grad: Record<string, Float64Array> } {
  const fake = flatten(c.input.fake ?? []);
  const gFake = new Float64Array(fake.length).fill(Number.NaN);
  const critic = CRITIC_LOSSES.find((l) => l.id === c.name);
  if (!critic) {
    const loss = GENERATOR_LOSSES.find((l) => l.id === c.name)!;
    return { value: loss.compute(fake, gFake), grad: { fake: gFake } };
  }
  const real = flatten(c.input.real ?? []);
  const gReal = new Float64Array(real.length).fill(Number.NaN);
  return { value: critic.compute(real, fake, { real: gReal, fake: gFake }), grad: { real: gReal, fake: gFake } };
}

export function runGanLossCase(c: GanLossCase): CaseResult {
  return guarded(c.name, () => compareLoss(evaluate(c), c.expected, c.tolerance));
}
