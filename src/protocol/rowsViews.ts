/**
 * The dashboard's Rows card (host → webview): for each shown run that recorded its rows, the distribution of
 * its training rows' losses, the rows that carry the most of the gradient, and how concentrated it is.
 */

/** A row as the card lists it; `line` is 1-based in the run's training CSV. */
export interface TopRowView {
  line: number;
  target: string;
  prediction: string;
  loss: number;
  share: number;
}

export interface RunRowsView {
  runId: string;
  name: string;
  loss: string;
  /** The recorded epoch shown (the latest), and which weights it scored. */
  epoch: number;
  weights: 'epoch' | 'final' | 'best';
  rows: number;
  meanLoss: number;
  /** Share of the gradient carried by the 1% of rows with the largest loss (largest residuals), and by the 1% carrying most. */
  top1pctLossShare: number;
  top1pctShare: number;
  /** Rows per bin of the shared log-spaced loss bins (`RowsCardView.edges`); rows of loss 0 (or below) apart. */
  counts: number[];
  zeros: number;
  top: TopRowView[];
}

export interface RowsCardView {
  /** Ascending bin edges of the loss, log-spaced, shared by every run so that their histograms overlay. */
  edges: number[];
  runs: RunRowsView[];
}
