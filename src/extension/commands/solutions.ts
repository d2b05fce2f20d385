/**
 * Loss Lab: Loss Between Two Solutions… (also the dashboard's button): picks a finished run shown in the
 * dashboard and the other end of the line (another shown run, or the run's own initial weights), scores the
 * line between their weights in the tool worker, and shows the card.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type Item, pick } from '../quickPick';
import { quote } from '../../core/errors';
import { DEFAULT_POINTS } from '../../core/probe/interpolate';
import type { InterpolationView } from '../../protocol/solutionViews';
import { withToolJob } from '../toolProgress';
import type { Command } from './context';

interface Solution {
  id: string;
  name: string;
  dir: string;
}

const TITLE = 'Loss between two solutions';

/** A shown run that recorded its trained weights (a finished run). */
function solutions(shown: { id: string; name: string; dir: string | null }[]): Solution[] {
  return shown.filter((r): r is Solution => r.dir !== null && fs.existsSync(path.join(r.dir, 'final.json')));
}

export const lossBetweenSolutions: Command =
  ({ ctx, dashboard }) =>
  async () => {
    const runs = solutions(dashboard.shownRuns());
    if (!runs.length) {
      void vscode.window.showInformationMessage(
        "Loss Lab: show a finished run in the dashboard first (open one from the Runs view): the loss is scored between two shown runs' weights, or from a run's initial weights to its trained ones.",
      );
      return;
    }
    const item = (r: Solution) => ({ label: r.name, description: path.basename(r.dir), value: r });
    const a = await pickFirst(`${TITLE}: the run at α = 0`, 1, runs.map(item));
    if (!a) return;
    const own = {
      label: `${a.name}: from its initial weights`,
      description: 'α = 0 initial, α = 1 trained',
      value: null,
    };
    const b = await pickFirst<Solution | null>(`${TITLE}: the run at α = 1`, 2, [
      own,
      ...runs.filter((r) => r !== a).map(item),
    ]);
    if (b === undefined) return;
    const report = await withToolJob(ctx, `Loss Lab: ${TITLE.toLowerCase()}`, {
      type: 'interpolate',
      a: a.dir,
      b: b?.dir ?? null,
      points: DEFAULT_POINTS,
      labels: [`run ${quote(a.name)}`, `run ${quote((b ?? a).name)}`],
    });
    if (!report) return;
    const to = b ?? a;
    const view: InterpolationView = {
      loss: report.loss,
      from: { runId: a.id, name: a.name, weights: report.from.weights },
      to: { runId: to.id, name: to.name, weights: report.to.weights },
      alpha: report.alpha,
      trainLoss: report.train_loss,
      valLoss: report.val_loss,
    };
    dashboard.showInterpolation(view);
  };

/** One of the two steps, its first item active. */
function pickFirst<T>(title: string, step: number, items: Item<T>[]): Promise<T | undefined> {
  return pick(title, step, items, items[0]?.value, 2);
}
