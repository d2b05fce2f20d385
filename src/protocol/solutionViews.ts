/**
 * What the dashboard's solution cards are sent: the loss on the straight line between two solutions. Part
 * of the message protocol (src/protocol/webview.ts), kept apart so the card's data reads in one place.
 */

/** One end of the line: a shown run (by its dashboard id and name) at its initial, final or restored best weights. */
export interface SolutionEnd {
  runId: string;
  name: string;
  weights: 'initial' | 'final' | 'best';
}

export interface InterpolationView {
  /** The loss scored along the line (run A's). */
  loss: string;
  /** α = 0 and α = 1. */
  from: SolutionEnd;
  to: SolutionEnd;
  alpha: number[];
  trainLoss: number[];
  /** null at every point without a validation split. */
  valLoss: (number | null)[];
}

/** Feature names as the webview may send them: a CSV header's text, bounded. */
export const FEATURE_NAME_MAX = 500;
