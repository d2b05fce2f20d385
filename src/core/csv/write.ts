/** Writing CSV: the one spelling of a field that every file Loss Lab writes uses. */

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
export function csvText(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header and rows of cells as CSV text, one line per row, ending with a line break. */
export function csvLines(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((cells) => cells.map(csvText).join(',') + '\n').join('');
}
