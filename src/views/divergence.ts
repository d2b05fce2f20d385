/**
 * What the dashboard says about a diverged run: the step whose loss or gradient norm was not finite, and
 * the last finite values before it (the last recorded step with a finite loss and gradient norm).
 */
import type { StepPoint } from '../protocol/webview';

export interface LastGood {
  step: number;
  loss: number;
  gradNorm: number;
}

/** The last step before `divergedAt` with a finite loss and gradient norm; null when there is none. */
export function lastFinite(steps: readonly StepPoint[], divergedAt: number): LastGood | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const p = steps[i];
    if (p.step < divergedAt && Number.isFinite(p.loss) && Number.isFinite(p.gradNorm))
      return { step: p.step, loss: p.loss, gradNorm: p.gradNorm };
  }
  return null;
}

/** `diverged at step 12 · last finite (step 11): loss 3.2, grad norm 1.1e+04`, for the marker and the header. */
export function divergenceLabel(divergedAt: number, last: LastGood | null, fmt: (x: number) => string): string {
  const head = `diverged at step ${divergedAt}`;
  return last
    ? `${head} · last finite (step ${last.step}): loss ${fmt(last.loss)}, grad norm ${fmt(last.gradNorm)}`
    : `${head} · no finite step before it`;
}

/** The learning rate a restart suggests: a third of the rate the run diverged at. */
export function suggestedRestartLr(lr: number): number {
  return Number((lr / 3).toPrecision(3));
}
