/** Starting runs from a command, and following a multi-run job in a notification. */
import * as vscode from 'vscode';
import type { RunConfig } from '../../core/config/types';
import { seedRuns } from '../../core/seeds/repeat';
import type { RunThread } from '../../protocol/worker';
import type { LiveRun } from '../../runs/runManager';
import type { CommandCtx } from './context';

/**
 * Submits the runs (a configuration with seeds: one run per seed) and shows them on the dashboard;
 * `elsewhere`: each run's handle when it trains through Redis.
 */
export function startRuns(
  c: CommandCtx,
  configs: RunConfig[],
  experiment: string | null,
  origins: (string | null)[],
  elsewhere?: () => RunThread,
): LiveRun[] {
  const runs = configs.flatMap((config, i) =>
    seedRuns(config).map((run) =>
      c.ctx.runs.submit(run, experiment, origins[i] ?? null, undefined, undefined, elsewhere),
    ),
  );
  c.dashboard.show(runs.map((r) => r.key));
  return runs;
}

/** A notification with progress and cancel while a multi-run job trains. */
export function followJob(c: CommandCtx, title: string, runs: LiveRun[]) {
  const manager = c.ctx.runs;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        token.onCancellationRequested(() => runs.forEach((r) => manager.stop(r.key)));
        let reported = 0;
        const onChange = () => {
          const done = runs.filter((r) => !r.active).length;
          if (done > reported)
            progress.report({
              increment: ((done - reported) / runs.length) * 100,
              message: `${done}/${runs.length} runs done`,
            });
          reported = done;
          if (done === runs.length) {
            manager.off('change', onChange);
            resolve();
          }
        };
        manager.on('change', onChange);
        onChange();
      }),
  );
}
