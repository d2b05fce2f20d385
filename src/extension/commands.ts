/**
 * The `lossLab.*` commands, by id. Each is a factory over the shared context (commands/*.ts) whose handler
 * returns early when its preconditions fail; `ctx.command` adds the prefix and keeps the registration with
 * every other disposable. Errors a user can cause are reported here, once for all commands; our bugs are
 * rethrown.
 */
import type { Ctx } from './ctx';
import type { Dashboard } from './dashboard';
import { reportError } from './reportError';
import type { RunsTree } from './runsTree';
import { reportingUserErrors } from './userErrors';
import type { Command } from './commands/context';
import { inspectCsv, openSample, trainOnCsv } from './commands/csv';
import { runAll, runExperiment, runSweep } from './commands/experiments';
import { followRemoteSweep } from './commands/remoteSweeps';
import { findLearningRate } from './commands/lrFind';
import { newExperiment, newFromTemplate } from './commands/newExperiment';
import { pauseRun, resumeRun, stopAll, stopRun } from './commands/runControl';
import { exportPytorch, previewSchedule } from './commands/tools';
import { lossBetweenSolutions } from './commands/solutions';
import { sampleRows } from './commands/sampleRows';
import {
  addToComparison,
  compareSelected,
  deleteRun,
  exportRunData,
  openDashboard,
  openRun,
  refreshRuns,
  rerun,
  showRunConfig,
} from './commands/runs';

const COMMANDS: Record<string, Command> = {
  trainOnCsv,
  newExperiment,
  newFromTemplate,
  runExperiment,
  runAll,
  runSweep,
  followRemoteSweep,
  stopRun,
  pauseRun,
  resumeRun,
  stopAll,
  openDashboard,
  openRun,
  addToComparison,
  compareSelected,
  inspectCsv,
  showRunConfig,
  rerun,
  deleteRun,
  exportRunData,
  openSample,
  refreshRuns,
  findLearningRate,
  previewSchedule,
  exportPytorch,
  lossBetweenSolutions,
  sampleRows,
};

export function registerCommands(ctx: Ctx, dashboard: Dashboard, tree: RunsTree): void {
  const c = { ctx, dashboard, tree };
  for (const [name, command] of Object.entries(COMMANDS))
    ctx.command(name, reportingUserErrors(command(c), reportError));
}
