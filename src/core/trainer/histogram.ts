/** Counts of values in bins, as the residuals chart draws them. */
export interface Histogram {
  /** bins + 1 ascending edges; bin i is [edges[i], edges[i+1]), the last one closed on the right. */
  edges: number[];
  counts: number[];
}
