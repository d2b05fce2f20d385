/**
 * A few rows, real and generated, as the dashboard draws them (histograms of a column, a scatter of two):
 * column by column in the original units and labels, numbers to 6 significant digits, so that a message
 * of them stays small.
 */
import type { PreviewColumn } from '../trainer/events';
import type { ColumnSample, GenerativeLayout } from './layout';

/** Rows of each kind a preview holds at most. */
export const PREVIEW_ROWS = 500;

/** The first `max` rows of `s` (in standardized units and label indices) in the original units and labels. */
export function previewColumns(layout: GenerativeLayout, s: ColumnSample, max = PREVIEW_ROWS): PreviewColumn[] {
  const n = Math.min(max, s.n);
  let num = 0;
  let cat = 0;
  return layout.blocks.map((b) => {
    if (b.kind === 'categorical')
      return { kind: b.kind, name: b.name, labels: b.labels, codes: Array.from(s.categorical[cat++].subarray(0, n)) };
    const z = s.numeric[num++];
    const values = Array.from(z.subarray(0, n), (v) => Number((v * b.std + b.mean).toPrecision(6)));
    return { kind: b.kind, name: b.name, values };
  });
}
