/**
 * Where code lenses go, computed from document text alone (no vscode import, so it is unit-tested):
 * a CSV's header line, and in an experiment file each run, the run list, the sweep and the top.
 * Experiment positions come from jsonc-parser, the JSON-with-comments parser VS Code itself uses,
 * so comments, trailing commas and half-typed files are handled as the editor handles them.
 */
import { type Node, findNodeAtOffset, getNodeValue, parseTree } from 'jsonc-parser';
import { isLossLabError } from '../core/errors';
import { parseSweep, sweepRunCount } from '../core/sweep';

/** The 0-based line of a CSV's header: its first non-blank line. */
export function csvHeaderLine(text: string): number | null {
  let line = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const content = text.slice(start, end === -1 ? text.length : end).replace(/^\uFEFF/, '');
    if (content.trim() !== '') return line;
    if (end === -1) return null;
    start = end + 1;
    line++;
  }
}

export type ExperimentLens =
  | { kind: 'top'; line: number }
  | { kind: 'runAll'; line: number; runs: number }
  | { kind: 'run'; line: number; index: number; name: string | null }
  | { kind: 'sweep'; line: number; size: number | null }
  /** A custom loss formula; `run` is the index of the run that holds it, null for the shared loss. */
  | { kind: 'formula'; line: number; run: number | null; runName: string | null };

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function property(node: Node | undefined, key: string): Node | undefined {
  return node?.children?.find((p) => p.children?.[0]?.value === key);
}

/** How many runs a sweep block trains, as the sweep runner counts them; null while the block is invalid. */
function sweepSize(sweep: Node): number | null {
  const value = sweep.children?.[1];
  if (!value) return null;
  try {
    return sweepRunCount(parseSweep(getNodeValue(value)));
  } catch (e) {
    if (isLossLabError(e)) return null;
    throw e;
  }
}

export function experimentLenses(text: string): ExperimentLens[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return [];
  const lenses: ExperimentLens[] = [{ kind: 'top', line: lineOf(text, root.offset) }];
  const formulaLine = (holder: Node | undefined) => {
    const loss = property(holder, 'loss')?.children?.[1];
    const formula = loss?.type === 'object' ? property(loss, 'formula') : undefined;
    return formula ? lineOf(text, formula.offset) : null;
  };
  const shared = formulaLine(root);
  if (shared !== null) lenses.push({ kind: 'formula', line: shared, run: null, runName: null });
  const runs = property(root, 'runs');
  const list = runs?.children?.[1];
  if (runs && list?.type === 'array') {
    const items = list.children ?? [];
    lenses.push({ kind: 'runAll', line: lineOf(text, runs.offset), runs: items.length });
    items.forEach((item, index) => {
      const name = property(item, 'name')?.children?.[1]?.value;
      const runName = typeof name === 'string' ? name : null;
      lenses.push({ kind: 'run', line: lineOf(text, item.offset), index, name: runName });
      const own = formulaLine(item);
      if (own !== null) lenses.push({ kind: 'formula', line: own, run: index, runName });
    });
  }
  const sweep = property(root, 'sweep');
  if (sweep) lenses.push({ kind: 'sweep', line: lineOf(text, sweep.offset), size: sweepSize(sweep) });
  return lenses;
}

/** The formula string under `offset` in an experiment file (a `"formula"` value), with its range, or null. */
export function formulaAt(text: string, offset: number): { formula: string; start: number; end: number } | null {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const node = root && findNodeAtOffset(root, offset);
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return null;
  const prop = node.parent;
  if (prop?.type !== 'property' || prop.children?.[0]?.value !== 'formula' || prop.children?.[1] !== node) return null;
  return { formula: node.value, start: node.offset, end: node.offset + node.length };
}
