/**
 * Code lenses: on a CSV's header line (train, new experiment, inspect) and in experiment files (run
 * all, each run). A run started from a lens shows its live state there, then its result. Icons are
 * codicons (`$(play)`), drawn by VS Code in its own icon font, so they show on every platform (an emoji
 * needs a colour-emoji font, which many Linux machines lack).
 */
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { csvHeaderLine, experimentLenses } from '../views/lensPositions';
import type { LiveRun } from '../runs/runManager';
import { duration } from '../views/duration';
import { headlineMetric } from '../views/runsModel';
import { progressText } from '../views/liveRun';

/** How often live lens text may change while runs train. */
const LIVE_REFRESH_MS = 1000;

export function isExperimentFile(uri: vscode.Uri): boolean {
  return uri.path.endsWith('.losslab.json');
}

/** The origin key of runs started from a lens: the file and the run's name. */
export function lensOrigin(uri: vscode.Uri, runName: string): string {
  return `${uri.toString()}#${runName}`;
}

export class LossLabLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: Ctx) {
    ctx.push(this.changed);
    ctx.push(
      vscode.languages.registerCodeLensProvider(
        [{ language: 'csv' }, { pattern: '**/*.csv' }, { pattern: '**/*.losslab.json' }],
        this,
      ),
    );
    ctx.runs.on('change', (run) => run.origin && this.refreshSoon());
  }

  private refreshSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.changed.fire();
    }, LIVE_REFRESH_MS);
  }

  /** The newest run started from this origin. */
  private latest(origin: string): LiveRun | null {
    let found: LiveRun | null = null;
    for (const run of this.ctx.runs.runs.values()) if (run.origin === origin) found = run;
    return found;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const at = (line: number) => new vscode.Range(line, 0, line, 0);
    const lens = (line: number, title: string, command: string, args: unknown[] = [], tooltip?: string) =>
      new vscode.CodeLens(at(line), { title, command, arguments: args, tooltip });
    const uri = doc.uri;
    if (!isExperimentFile(uri)) {
      const header = csvHeaderLine(doc.getText());
      if (header === null) return [];
      return [
        lens(header, '$(play) Train on this CSV', 'lossLab.trainOnCsv', [uri]),
        lens(header, 'New experiment…', 'lossLab.newExperiment', [uri]),
        lens(header, 'From template…', 'lossLab.newFromTemplate', [uri]),
        lens(header, 'Inspect columns', 'lossLab.inspectCsv', [uri]),
      ];
    }
    const lenses: vscode.CodeLens[] = [];
    for (const l of experimentLenses(doc.getText())) {
      switch (l.kind) {
        case 'top':
          lenses.push(lens(l.line, 'Open dashboard', 'lossLab.openDashboard'));
          lenses.push(
            lens(
              l.line,
              '$(zap) Find LR',
              'lossLab.findLearningRate',
              [uri],
              'Learning-rate range test of a run (Smith; Lightning defaults)',
            ),
          );
          lenses.push(
            lens(
              l.line,
              '$(graph-line) Preview schedule',
              'lossLab.previewSchedule',
              [uri],
              "Every run's learning rate over its steps, without training",
            ),
          );
          lenses.push(
            lens(
              l.line,
              '$(table) Inspect data',
              'lossLab.inspectCsv',
              [uri],
              "The columns of a run's CSV as its data block reads them: kinds, roles, and why",
            ),
          );
          break;
        case 'runAll':
          if (l.runs > 0)
            lenses.push(lens(l.line, `$(run-all) Run all & compare (${l.runs})`, 'lossLab.runAll', [uri]));
          break;
        case 'run': {
          const name = l.name ?? `run ${l.index + 1}`;
          const live = this.latest(lensOrigin(uri, name));
          if (live?.active) {
            const state = live.status === 'queued' ? 'queued' : progressText(live);
            lenses.push(lens(l.line, `$(debug-stop) Stop · ${state}`, 'lossLab.stopRun', [live.key], 'Stop this run'));
            break;
          }
          lenses.push(lens(l.line, '$(play) Run', 'lossLab.runExperiment', [uri, name]));
          if (live) lenses.push(lens(l.line, resultText(live), 'lossLab.openRun', [live.key], 'Open in the dashboard'));
          lenses.push(
            lens(
              l.line,
              '$(zap) Find LR',
              'lossLab.findLearningRate',
              [uri, name],
              'Learning-rate range test of this run',
            ),
          );
          break;
        }
        case 'formula':
          if (l.runName !== null)
            lenses.push(lens(l.line, '$(play) Train with this formula', 'lossLab.runExperiment', [uri, l.runName]));
          else lenses.push(lens(l.line, '$(play) Train with this formula', 'lossLab.runExperiment', [uri]));
          break;
        case 'sweep': {
          const live = [...this.ctx.runs.runs.values()].filter((r) => r.origin === lensOrigin(uri, '#sweep'));
          const active = live.filter((r) => r.active).length;
          if (active)
            lenses.push(
              lens(
                l.line,
                `$(debug-stop) Stop sweep · ${live.length - active}/${live.length} done`,
                'lossLab.stopRun',
                [live.map((r) => r.key)],
              ),
            );
          else if (l.size !== null)
            lenses.push(lens(l.line, `$(beaker) Sweep (${l.size} runs)`, 'lossLab.runSweep', [uri]));
          break;
        }
      }
    }
    return lenses;
  }
}

function resultText(run: LiveRun): string {
  if (run.status === 'failed') {
    // A message may quote the user's text; a `$(` in it must stay text, not become an icon.
    const message = (run.error?.message ?? '').split('\n')[0].slice(0, 80).replaceAll('$(', '$\u200b(');
    return `$(error) failed: ${message}`;
  }
  const s = run.summary;
  const valMetric = headlineMetric(s?.final?.metrics, s?.final?.valLoss);
  const mark =
    run.status === 'completed' || run.status === 'early_stopped'
      ? '$(check)'
      : run.status === 'diverged'
        ? '$(warning) diverged'
        : run.status;
  return `${mark}${valMetric ? ` val ${valMetric}` : ''} · ${duration(run.elapsed)} · Open`;
}
