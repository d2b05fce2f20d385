/**
 * Delimiter sniffing: count each candidate outside quotes in the header and the first records, and keep
 * the one whose count in the header recurs on the most records. A European file (`;` between fields, `,`
 * as the decimal mark) is recognised because commas are absent from its header or vary by record.
 */

/** In order of preference when two candidates fit equally well. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Records examined after the header. */
const SAMPLE_RECORDS = 20;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Per record (blank lines skipped), how often each candidate occurs outside quotes. */
function sampleCounts(text: string, records: number): number[][] {
  const codes = DELIMITERS.map((d) => d.charCodeAt(0));
  const out: number[][] = [];
  let counts = codes.map(() => 0);
  let inQuotes = false;
  let empty = true;
  for (let i = 0; i < text.length && out.length < records; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      inQuotes = !inQuotes; // "" inside quotes toggles twice, which leaves the state unchanged
      empty = false;
    } else if (!inQuotes && (c === LF || c === CR)) {
      if (!empty) out.push(counts);
      counts = codes.map(() => 0);
      empty = true;
    } else {
      if (c !== 0x20) empty = false;
      if (!inQuotes) {
        const k = codes.indexOf(c);
        if (k >= 0) counts[k]++;
      }
    }
  }
  if (!empty && out.length < records) out.push(counts);
  return out;
}

/** The delimiter of `text` (`,` when no candidate occurs in the header: a single-column file). */
export function detectDelimiter(text: string): string {
  const sample = sampleCounts(text, SAMPLE_RECORDS + 1);
  if (sample.length === 0) return ',';
  const [header, ...records] = sample;
  let best = -1;
  let bestScore = -1;
  for (let k = 0; k < DELIMITERS.length; k++) {
    if (header[k] === 0) continue;
    const score = records.filter((r) => r[k] === header[k]).length;
    if (score > bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best < 0 ? ',' : DELIMITERS[best];
}
