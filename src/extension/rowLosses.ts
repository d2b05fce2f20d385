/**
 * A run's recorded row losses in the editor: the CSV's lines tinted by their row's loss (only the lines
 * on screen, redone as the editor scrolls, so a 1M-line file costs what its visible lines cost), a hover
 * with the row's prediction, loss and gradient share, and a quick pick of the rows that drive the loss.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RecordedEpoch, RowsIndex, SplitRecord } from '../core/probe/rowRecord';
import { readRowsEpoch, readRowsIndex } from '../io/rowsStore';
import { readRun } from '../io/runStore';
import { HEAT_LEVELS, heatLevel, rowHoverText, rowView, topRows } from '../views/rowsCard';

/** Lines decorated beyond the visible ones, so that a short scroll shows tinted lines at once. */
const MARGIN = 50;
const PICKED_ROWS = 30;

interface Shown {
  run: string;
  file: string;
  index: RowsIndex;
  entry: RecordedEpoch;
  splits: { name: 'training' | 'validation'; rows: SplitRecord }[];
  /** By 1-based line of `file`: the split (0 none, 1 training, 2 validation) and the row's place in it. */
  splitAt: Uint8Array;
  rowAt: Int32Array;
  lo: number;
  hi: number;
}

export class RowLosses implements vscode.HoverProvider {
  private shown: Shown | null = null;
  private readonly heat: vscode.TextEditorDecorationType[];

  constructor(push: (...d: vscode.Disposable[]) => void) {
    // Stronger with the loss (level 0, at or below the median, is not drawn); the overview ruler marks the hottest lines.
    this.heat = Array.from({ length: HEAT_LEVELS }, (_, level) =>
      vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        backgroundColor: `rgba(230, 80, 40, ${((0.5 * level) / (HEAT_LEVELS - 1)).toFixed(3)})`,
        ...(level >= HEAT_LEVELS - 2 && {
          overviewRulerColor: 'rgba(230, 80, 40, 0.9)',
          overviewRulerLane: vscode.OverviewRulerLane.Right,
        }),
      }),
    );
    push(
      ...this.heat,
      vscode.languages.registerHoverProvider({ scheme: 'file' }, this),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.decorate(e.textEditor)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorate(e))),
    );
  }

  /** Reads a run's latest recorded rows and tints its training CSV; the editor it opened, or null without rows. */
  async show(runDir: string): Promise<vscode.TextEditor | null> {
    const index = readRowsIndex(runDir);
    const entry = index?.epochs.reduce((a, e) => (e.epoch >= a.epoch ? e : a), index.epochs[0]);
    if (!index || !entry) return null;
    const records = readRowsEpoch(runDir, index, entry);
    const file = index.files.train;
    const splits: Shown['splits'] = [{ name: 'training', rows: records[0] }];
    // Validation rows from the same file are its lines too; a separate validation file is not shown here.
    if (records[1] && index.files.val === file) splits.push({ name: 'validation', rows: records[1] });
    const run = readRun(runDir)?.meta.config.name ?? path.basename(runDir);
    this.shown = { run, file, index, entry, splits, ...lineMap(splits), ...lossRange(splits) };
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    vscode.window.visibleTextEditors.forEach((e) => this.decorate(e));
    return editor;
  }

  clear(): void {
    this.shown = null;
    for (const e of vscode.window.visibleTextEditors) for (const type of this.heat) e.setDecorations(type, []);
  }

  /** The rows carrying the most gradient, for a quick pick; null when nothing is shown. */
  topRows(): { split: string; row: ReturnType<typeof rowView> }[] | null {
    const s = this.shown;
    if (!s) return null;
    return s.splits.flatMap((sp) => topRows(s.index, sp.rows, PICKED_ROWS).map((row) => ({ split: sp.name, row })));
  }

  get file(): string | null {
    return this.shown?.file ?? null;
  }

  /** Tints the visible lines (and a margin) of `editor` if it shows the CSV; the lines it decorated. */
  decorate(editor: vscode.TextEditor): number {
    const s = this.shown;
    if (!s || path.resolve(editor.document.uri.fsPath) !== s.file) return 0;
    const byLevel: vscode.Range[][] = this.heat.map(() => []);
    let count = 0;
    for (const visible of editor.visibleRanges) {
      const first = Math.max(0, visible.start.line - MARGIN);
      const last = Math.min(editor.document.lineCount - 1, visible.end.line + MARGIN);
      for (let l = first; l <= last; l++) {
        const row = this.rowOf(l + 1);
        const level = row && heatLevel(row.rows.loss[row.at], s.lo, s.hi);
        if (!level) continue;
        byLevel[level].push(new vscode.Range(l, 0, l, 0));
        count++;
      }
    }
    this.heat.forEach((type, level) => editor.setDecorations(type, byLevel[level]));
    return count;
  }

  private rowOf(line: number): { name: 'training' | 'validation'; rows: SplitRecord; at: number } | null {
    const s = this.shown;
    if (!s || line >= s.splitAt.length || s.splitAt[line] === 0) return null;
    const split = s.splits[s.splitAt[line] - 1];
    return { name: split.name, rows: split.rows, at: s.rowAt[line] };
  }

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | null {
    const s = this.shown;
    if (!s || path.resolve(doc.uri.fsPath) !== s.file) return null;
    const row = this.rowOf(pos.line + 1);
    if (!row) return null;
    const text = rowHoverText(
      s.run,
      s.entry,
      row.name,
      rowView(s.index, row.rows, row.at),
      row.at + 1,
      row.rows.line.length,
    );
    return new vscode.Hover(new vscode.MarkdownString(text));
  }
}

function lineMap(splits: Shown['splits']): Pick<Shown, 'splitAt' | 'rowAt'> {
  let max = 0;
  for (const { rows } of splits) for (let i = 0; i < rows.line.length; i++) max = Math.max(max, rows.line[i]);
  const splitAt = new Uint8Array(max + 1);
  const rowAt = new Int32Array(max + 1);
  splits.forEach(({ rows }, s) => {
    for (let at = 0; at < rows.line.length; at++) {
      splitAt[rows.line[at]] = s + 1;
      rowAt[rows.line[at]] = at;
    }
  });
  return { splitAt, rowAt };
}

/** The heat's scale: from the median positive loss of the training rows (cooler lines are not tinted) to the largest. */
function lossRange(splits: Shown['splits']): Pick<Shown, 'lo' | 'hi'> {
  const { loss } = splits[0].rows;
  const positive = new Float64Array(loss.length);
  let n = 0;
  for (let i = 0; i < loss.length; i++) if (loss[i] > 0 && Number.isFinite(loss[i])) positive[n++] = loss[i];
  if (!n) return { lo: 0, hi: 0 };
  const sorted = positive.subarray(0, n).sort();
  return { lo: sorted[n >> 1], hi: sorted[n - 1] };
}
