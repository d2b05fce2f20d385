/**
 * RFC 4180 parsing in one pass over the decoded text with `charCodeAt`: no regex and no split, so large
 * files cost one string slice per cell. Cells are stored column by column, with the source line of each
 * row for error messages.
 *
 * Accepted beyond RFC 4180: LF, CRLF and lone CR line ends; `;`, tab and `|` delimiters; blank (or
 * whitespace-only) lines anywhere, skipped; spaces after a closing quote; a quote inside an unquoted field,
 * kept as text. A closing quote followed by anything else is an error, since it almost always means an
 * unescaped quote inside a quoted field.
 */
import { LossLabError } from '../errors';
import { checkNotBinary, decodeUtf8 } from './decode';
import { DELIMITERS, detectDelimiter } from './delimiter';
import type { CsvTable } from './types';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

export interface CsvOptions {
  /** Skip detection and use this delimiter. */
  delimiter?: string;
}

/** Parses a CSV file's bytes; `file` names it in error messages. */
export function parseCsv(bytes: Uint8Array, file: string, opts: CsvOptions = {}): CsvTable {
  if (bytes.length === 0) throw new LossLabError(`${file} is empty; a CSV needs a header row and at least one data row`, { file, line: 1 });
  checkNotBinary(bytes, file);
  return parseCsvText(decodeUtf8(bytes, file), file, opts);
}

/** Parses decoded text (no BOM); see `parseCsv`. */
export function parseCsvText(text: string, file: string, opts: CsvOptions = {}): CsvTable {
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  if (!(DELIMITERS as readonly string[]).includes(delimiter))
    throw new LossLabError(`delimiter must be one of , ; tab |, got ${JSON.stringify(delimiter)}`, { field: 'delimiter' });
  const D = delimiter.charCodeAt(0);
  const len = text.length;

  let header: string[] | null = null;
  let headerLine = 0;
  const headerCells: string[] = [];
  let columns: string[][] = [];
  let ncol = 0;
  let lines = new Int32Array(1024);
  let rows = 0;

  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < len) {
    const first = text.charCodeAt(i);
    if (first === LF || first === CR) {
      i += first === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    const recordLine = line;
    let fields = 0;
    // Whether the record is a whitespace-only line: a blank line, not a row of one empty value.
    let blank: boolean;
    for (;;) {
      let cell: string;
      let c = i < len ? text.charCodeAt(i) : -1;
      const quoted = c === QUOTE;
      if (quoted) {
        const openLine = line;
        const openColumn = i - lineStart + 1;
        const start = i + 1;
        let j = start;
        let escaped = false;
        for (;;) {
          if (j >= len)
            throw new LossLabError(
              `${file} line ${openLine}: the quote opened at column ${openColumn} is never closed; close it, or double any quote inside the value ("")`,
              { file, line: openLine, column: openColumn },
            );
          const cj = text.charCodeAt(j);
          if (cj === QUOTE) {
            if (text.charCodeAt(j + 1) !== QUOTE) break;
            escaped = true;
            j += 2;
            continue;
          }
          if (cj === LF || (cj === CR && text.charCodeAt(j + 1) !== LF)) {
            line++;
            lineStart = j + 1;
          }
          j++;
        }
        cell = text.slice(start, j);
        if (escaped) cell = cell.replaceAll('""', '"');
        i = j + 1;
        while (i < len && ((c = text.charCodeAt(i)) === SPACE || (c === TAB && D !== TAB))) i++;
        c = i < len ? text.charCodeAt(i) : -1;
        if (c !== D && c !== LF && c !== CR && c !== -1) {
          const column = i - lineStart + 1;
          throw new LossLabError(
            `${file} line ${line}, column ${column}: text after the closing quote of a quoted value; double quotes inside a quoted value ("") or remove the stray quote`,
            { file, line, column },
          );
        }
      } else {
        const start = i;
        while (i < len) {
          c = text.charCodeAt(i);
          if (c === D || c === LF || c === CR) break;
          i++;
        }
        if (i >= len) c = -1;
        cell = text.slice(start, i);
      }
      if (header === null) headerCells.push(cell);
      else if (fields < ncol) columns[fields].push(cell);
      fields++;
      if (c === D) {
        i++;
        continue;
      }
      if (c === CR || c === LF) {
        i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
        lineStart = i;
      }
      blank = fields === 1 && !quoted && cell.trim() === '';
      break;
    }

    if (blank) {
      if (header === null) headerCells.pop();
      else columns[0].pop();
      continue;
    }
    if (header === null) {
      header = checkHeader(headerCells, file, recordLine);
      headerLine = recordLine;
      ncol = header.length;
      columns = header.map(() => []);
      continue;
    }
    if (fields !== ncol) throw raggedRow(file, recordLine, fields, ncol, delimiter);
    if (rows === lines.length) {
      const grown = new Int32Array(lines.length * 2);
      grown.set(lines);
      lines = grown;
    }
    lines[rows++] = recordLine;
  }

  if (header === null) throw new LossLabError(`${file} is empty; a CSV needs a header row and at least one data row`, { file, line: 1 });
  if (rows === 0)
    throw new LossLabError(`${file} has a header (line ${headerLine}) but no data rows; add rows below the header`, { file, line: headerLine });
  return { file, delimiter, header, columns, lines: lines.slice(0, rows), rowCount: rows };
}

function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}

function raggedRow(file: string, line: number, fields: number, ncol: number, delimiter: string): LossLabError {
  const fix =
    fields > ncol
      ? `a value probably contains the delimiter ${delimiterName(delimiter)}: put that value in double quotes`
      : 'add the missing values (an empty field is read as missing) or remove the line';
  return new LossLabError(`${file} line ${line} has ${fields} field${fields === 1 ? '' : 's'}, the header has ${ncol}; ${fix}`, { file, line });
}

/** Trimmed names; throws on an empty or repeated name, giving its 1-based position. */
function checkHeader(cells: string[], file: string, line: number): string[] {
  const names = cells.map((c) => c.trim());
  const seen = new Map<string, number>();
  names.forEach((name, j) => {
    if (name === '') {
      const pandasIndex = j === 0 ? ' (an unnamed first column is often a pandas index: save with index=False)' : '';
      throw new LossLabError(`${file} line ${line}: column ${j + 1} of the header has no name; give every column a name${pandasIndex}`, { file, line });
    }
    const before = seen.get(name);
    if (before !== undefined)
      throw new LossLabError(
        `${file} line ${line}: the header names column ${before + 1} and column ${j + 1} both '${name}'; give each column a distinct name`,
        { file, line },
      );
    seen.set(name, j);
  });
  return names;
}
