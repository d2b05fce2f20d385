/**
 * "Use this learning rate": the edit that sets `optimizer.lr` of one run of an experiment file, computed
 * from the text alone with jsonc-parser's `modify` (so comments, formatting elsewhere and trailing commas
 * survive). The host applies it as a WorkspaceEdit, which makes it undoable. No vscode import: tested in Node.
 */
import { type Edit, type FormattingOptions, type Node, modify, parseTree } from 'jsonc-parser';
import { LossLabError, quote, showPath } from '../errors';

type JsonPath = (string | number)[];

function property(node: Node | undefined, key: string): Node | undefined {
  return node?.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
}

/** The file's own indentation and line ends, so the inserted lines look like their neighbours. */
export function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 4, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

/**
 * The JSON path of the settings `runName` trains with: its entry in `runs` (found by `name`, or, for a run
 * without one, by the `run N` name the experiment gives it), or the root when the file lists no runs.
 */
export function runPath(root: Node, runName: string, file: string): JsonPath {
  const runs = property(root, 'runs');
  if (runs?.type !== 'array') return [];
  const items = runs.children ?? [];
  const named = items.findIndex((item) => property(item, 'name')?.value === runName);
  const unnamed = items.findIndex((item, i) => property(item, 'name') === undefined && `run ${i + 1}` === runName);
  const index = named >= 0 ? named : unnamed;
  if (index < 0)
    throw new LossLabError(`${showPath(file)} has no run ${quote(runName)} any more; run the range test again`, {
      file,
    });
  return ['runs', index];
}

/** Three significant digits: the range test steps the rate by about 20% (10^(8/100)), so more would be noise. */
export function roundRate(lr: number): number {
  return Number(lr.toPrecision(3));
}

/** The edits that set the learning rate of `runName` in experiment file `text` to `lr` (rounded). */
export function learningRateEdits(text: string, file: string, runName: string, lr: number): Edit[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (root?.type !== 'object')
    throw new LossLabError(`${showPath(file)} is not an experiment file any more (not a JSON object)`, { file });
  const at = runPath(root, runName, file);
  let holder: Node | undefined = root;
  for (const key of at) holder = typeof key === 'number' ? holder?.children?.[key] : property(holder, key);
  const optimizer = property(holder, 'optimizer');
  const value = roundRate(lr);
  const options = { formattingOptions: formattingOf(text) };
  // An optimizer given by id becomes an object, which keeps the id and adds the rate.
  if (optimizer?.type === 'string')
    return modify(text, [...at, 'optimizer'], { name: optimizer.value, lr: value }, options);
  return modify(text, [...at, 'optimizer', 'lr'], value, options);
}
