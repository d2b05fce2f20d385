/**
 * Mode collapse, measured: how much of the held-out rows' spread the generated rows keep, column by
 * column. A numeric column's ratio is the generated values' standard deviation over the real ones' (as
 * many rows of each; the ratio is the same in standardized and original units); a categorical column's is
 * (distinct generated labels − 1) / (distinct real labels − 1), 0 when every generated row has one label.
 * Each ratio is capped at 1 (a column that spreads too much does not hide one that collapsed), and a column
 * without spread in the real rows is left out. The rows have collapsed when the mean ratio is below
 * COLLAPSE_RATIO: a tenth of the data's spread, far below what even a poor generator keeps.
 */
import { meanStd } from '../stats/describe';
import type { Spread } from '../trainer/events';

export const COLLAPSE_RATIO = 0.1;

const std = (v: Float64Array) => meanStd(Array.from(v)).std;

/** Rows column by column (a ColumnSample of layout.ts: numeric ones standardized, categorical ones label indices). */
interface Columns {
  numeric: readonly Float64Array[];
  categorical: readonly Int32Array[];
}

const distinct = (codes: Int32Array) => new Set(codes).size;

/** The spread the generated rows `synth` keep of the real rows `real` (null: no column varies in `real`). */
export function spreadOf(real: Columns, synth: Columns): Spread | null {
  const ratios: number[] = [];
  real.numeric.forEach((r, c) => {
    const s = std(r);
    if (s > 0) ratios.push(Math.min(1, std(synth.numeric[c]) / s));
  });
  real.categorical.forEach((r, c) => {
    const k = distinct(r);
    if (k > 1) ratios.push(Math.min(1, (distinct(synth.categorical[c]) - 1) / (k - 1)));
  });
  if (ratios.length === 0) return null;
  const ratio = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  return { ratio, collapsed: ratio < COLLAPSE_RATIO };
}

/** The banner's line, one home for the CLI and the dashboard. */
export function collapseMessage(spread: Spread, epoch: number): string {
  return (
    `mode collapse at epoch ${epoch}: the generated rows keep ${(100 * spread.ratio).toFixed(1)}% of the data's ` +
    `spread (below ${100 * COLLAPSE_RATIO}%); try a lower learning rate, wgan_gp, or more critic steps`
  );
}
