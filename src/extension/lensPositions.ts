/**
 * Where code lenses go, computed from document text alone (no vscode import, so it is unit-tested):
 * a CSV's header line, and in an experiment file each run, the run list, the sweep and the top.
 * Experiment positions come from jsonc-parser, the JSON-with-comments parser VS Code itself uses,
 * so comments, trailing commas and half-typed files are handled as the editor handles them.
 */
import { type Node, parseTree } from 'jsonc-parser';

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
  | { kind: 'sweep'; line: number; size: number | null };

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function property(node: Node | undefined, key: string): Node | undefined {
  return node?.children?.find((p) => p.children?.[0]?.value === key);
}

/** Grid size of a sweep block `{ "grid": { "optimizer.lr": [..], ... } }`, or its `budget`/`samples`. */
function sweepSize(sweep: Node): number | null {
  const value = sweep.children?.[1];
  const budget = property(value, 'budget') ?? property(value, 'samples');
  const budgetValue = budget?.children?.[1]?.value;
  if (typeof budgetValue === 'number') return budgetValue;
  const grid = property(value, 'grid')?.children?.[1];
  if (!grid?.children?.length) return null;
  let size = 1;
  for (const p of grid.children) {
    const values = p.children?.[1];
    if (values?.type !== 'array') return null;
    size *= values.children?.length ?? 0;
  }
  return size;
}

export function experimentLenses(text: string): ExperimentLens[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return [];
  const lenses: ExperimentLens[] = [{ kind: 'top', line: lineOf(text, root.offset) }];
  const runs = property(root, 'runs');
  const list = runs?.children?.[1];
  if (runs && list?.type === 'array') {
    const items = list.children ?? [];
    lenses.push({ kind: 'runAll', line: lineOf(text, runs.offset), runs: items.length });
    items.forEach((item, index) => {
      const name = property(item, 'name')?.children?.[1]?.value;
      lenses.push({ kind: 'run', line: lineOf(text, item.offset), index, name: typeof name === 'string' ? name : null });
    });
  }
  const sweep = property(root, 'sweep');
  if (sweep) lenses.push({ kind: 'sweep', line: lineOf(text, sweep.offset), size: sweepSize(sweep) });
  return lenses;
}
