/** The learning rate typed in the dashboard's rate field. Pure, so it is tested without a DOM. */

/** The rate a text means, or null: a plain decimal or e-notation number above zero (no expressions). */
export function parseLr(text: string): number | null {
  const t = text.trim();
  if (!/^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) && v > 0 ? v : null;
}
