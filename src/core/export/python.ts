/** Numbers and text written into generated Python so that they read back exactly and end nothing early. */

/** A double as a Python literal that reads back as the same double. */
export function pyNumber(v: number): string {
  if (Number.isNaN(v)) return 'math.nan';
  if (v === Infinity) return 'math.inf';
  if (v === -Infinity) return '-math.inf';
  if (Object.is(v, -0)) return '-0.0';
  // JavaScript prints the shortest digits that round-trip, as Python's repr does; integers past 2^53
  // get a `.0` so that Python reads a float rather than an int that torch could not hold in int64.
  const text = String(v);
  return Number.isSafeInteger(v) || /[.e]/.test(text) ? text : `${text}.0`;
}

/** Text as one line of a Python comment: a line break or a control character would end the comment. */
export function commentLine(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
}

/** Text as one line inside a `"""` docstring: quotes and backslashes escaped, so it cannot close the string. */
export function docstringLine(text: string): string {
  return commentLine(text).replace(/[\\"]/g, '\\$&');
}
