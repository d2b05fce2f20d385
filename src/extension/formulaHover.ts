/** Hovering a loss formula in an experiment file shows its derivative, as Loss Lab differentiates it. */
import * as vscode from 'vscode';
import { isLossLabError } from '../core/errors';
import { derivativeText, normalizedText } from '../core/formula';
import type { Ctx } from './ctx';
import { formulaAt } from '../views/lensPositions';

export function registerFormulaHover(ctx: Ctx): void {
  ctx.push(
    vscode.languages.registerHoverProvider(
      { pattern: '**/*.losslab.json' },
      {
        provideHover(doc, position) {
          const at = formulaAt(doc.getText(), doc.offsetAt(position));
          if (!at) return null;
          const range = new vscode.Range(doc.positionAt(at.start), doc.positionAt(at.end));
          const md = new vscode.MarkdownString();
          try {
            md.appendMarkdown('**Loss Lab formula**\n\n');
            md.appendCodeblock(`loss  = mean( ${normalizedText(at.formula)} )`, 'text');
            md.appendCodeblock(`d/dpred = ${derivativeText(at.formula)}`, 'text');
            md.appendMarkdown('Differentiated symbolically and checked against finite differences when a run starts.');
          } catch (e) {
            if (!isLossLabError(e)) throw e;
            md.appendMarkdown(`**Loss Lab formula**: ${e.message}`);
          }
          return new vscode.Hover(md, range);
        },
      },
    ),
  );
}
