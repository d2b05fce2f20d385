/**
 * Entities (chunks) of a tag sequence as seqeval's default mode finds them (`get_entities`, the conlleval
 * rules): a tag is `B-TYPE`, `I-TYPE`, `E-TYPE`, `S-TYPE` or `O`; a chunk ends before a B, after an E or
 * S, or where the type changes, and an I that follows O or another type starts a chunk of its own.
 */

/** Whether a set of tag labels follows BIO: every label is `O`, `B-TYPE` or `I-TYPE`, and some are B. */
export function isBio(labels: readonly string[]): boolean {
  return labels.every((l) => l === 'O' || /^[BI]-./.test(l)) && labels.some((l) => l.startsWith('B-'));
}

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === 'E' || prevTag === 'S') return true;
  if ((prevTag === 'B' || prevTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return prevTag !== 'O' && prevTag !== '.' && prevType !== type;
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prevTag === 'E' || prevTag === 'S' || prevTag === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && tag !== '.' && prevType !== type;
}

/** The chunks of one sequence of labels, as `type@start-end` keys (positions offset by `at`). */
export function entities(labels: readonly string[], at = 0): string[] {
  const chunks: string[] = [];
  let prevTag = 'O';
  let prevType = '';
  let begin = 0;
  [...labels, 'O'].forEach((label, i) => {
    const tag = label[0];
    const rest = label.slice(1);
    const type = (rest.includes('-') ? rest.slice(rest.indexOf('-') + 1) : rest) || '_';
    if (endOfChunk(prevTag, tag, prevType, type)) chunks.push(`${prevType}@${at + begin}-${at + i - 1}`);
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  });
  return chunks;
}
