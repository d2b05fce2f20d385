/** Messages for problems found while reading records: each names the file, the line and what to do. */
import { LossLabError, showPath } from '../errors';
import type { Fault } from './chunk';

function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}

function raggedRow(file: string, line: number, fields: number, ncol: number, delimiter: string): LossLabError {
  const fix =
    fields > ncol
      ? `a value probably contains the delimiter ${delimiterName(delimiter)}: put that value in double quotes`
      : 'add the missing values (an empty field is read as missing) or remove the line';
  return new LossLabError(
    `${showPath(file)} line ${line} has ${fields} field${fields === 1 ? '' : 's'}, the header has ${ncol}; ${fix}`,
    { file, line },
  );
}

/** The error for a record-level fault of a chunk whose first line is `lineBase`. */
export function faultError(
  f: Exclude<Fault, { kind: 'utf8' }>,
  file: string,
  lineBase: number,
  ncol: number,
  delimiter: string,
): LossLabError {
  const line = lineBase + f.line;
  switch (f.kind) {
    case 'ragged':
      return raggedRow(file, line, f.fields, ncol, delimiter);
    case 'unclosed':
      return new LossLabError(
        `${showPath(file)} line ${line}: the quote opened at column ${f.column} is never closed; close it, or double any quote inside the value ("")`,
        { file, line, column: f.column },
      );
    case 'afterQuote':
      return new LossLabError(
        `${showPath(file)} line ${line}, column ${f.column}: text after the closing quote of a quoted value; double quotes inside a quoted value ("") or remove the stray quote`,
        { file, line, column: f.column },
      );
  }
}
