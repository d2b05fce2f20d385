/**
 * Where to cut a file into chunks of whole records, so that chunks can be parsed apart (and in parallel).
 * Without quotes every line break ends a record; with quotes a line break may sit inside a quoted value, so
 * the fields are walked from a record's start up to where no quote follows.
 */
import { asBuffer, afterBreak, CR, LF, QUOTE } from './chunk';

/** Position after the last line break in `b[from, limit)` known to end a line (a CR last may be half a CRLF). */
function lastLineEnd(buf: Buffer, from: number, limit: number): number {
  const lf = buf.lastIndexOf(LF, limit - 1);
  if (lf >= from) return lf + 1;
  const cr = buf.lastIndexOf(CR, limit - 2);
  return cr >= from ? cr + 1 : -1;
}

/**
 * The end of the last whole record in `b[start, limit)`, where `start` is a record's start: the position
 * after its line break, or -1 when no record ends before `limit`.
 */
export function lastRecordEnd(b: Uint8Array, start: number, limit: number, delimiter: number): number {
  const buf = asBuffer(b);
  let last = -1;
  let pos = start;
  let quote = -1;
  while (pos < limit) {
    if (quote < pos) {
      quote = buf.indexOf(QUOTE, pos);
      // From a field's start with no quote ahead, only line breaks matter.
      if (quote < 0 || quote >= limit) return Math.max(last, lastLineEnd(buf, pos, limit));
    }
    let c = b[pos];
    if (c === QUOTE) {
      let close = pos + 1;
      for (;;) {
        close = buf.indexOf(QUOTE, close);
        // A quote last in the range may be the first of a `""`: undecided.
        if (close < 0 || close >= limit - 1) return last;
        if (b[close + 1] === QUOTE) close += 2;
        else break;
      }
      pos = close + 1;
    }
    while (pos < limit && (c = b[pos]) !== delimiter && c !== LF && c !== CR) pos++;
    if (pos >= limit) return last;
    if (c === delimiter) {
      pos++;
      continue;
    }
    if (c === CR && pos + 1 >= limit) return last;
    pos = afterBreak(b, pos, limit);
    last = pos;
  }
  return last;
}
