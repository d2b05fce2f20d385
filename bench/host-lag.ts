/**
 * The extension host's side of a sweep, bundled by sweep.mjs and run without VS Code: the run manager
 * trains 8 runs on 2 workers (every step relayed, as in the extension), the dashboard's point buffer is
 * flushed every 100 ms (the default `lossLab.dashboardRefreshMs`) into messages serialized as JSON (as a
 * webview message is), and the Runs view's model is rebuilt from disk every second (its refresh rate
 * while runs change). Prints the event loop's delay meanwhile (perf_hooks.monitorEventLoopDelay) as JSON.
 *   node host-lag.js WORKER CSV
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { defaultConfig } from '../src/core/config/defaults';
import { resolveRunConfig } from '../src/core/config/resolve';
import { recordedPlan } from '../src/runs/runTraining';
import { listRuns } from '../src/io/runStore';
import { SharedData } from '../src/runs/sharedData';
import { PointBuffer } from '../src/views/pointBuffer';
import { type LiveRun, RunManager } from '../src/runs/runManager';
import { liveView } from '../src/views/runViews';
import { buildRunGroups } from '../src/views/runsModel';

const DASHBOARD_MS = 100;
const TREE_MS = 1000;

async function main(workerFile: string, csv: string): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'losslab-bench-host-'));
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const manager = new RunManager(workerFile, 2, () => out);
  const buffer = new PointBuffer();
  let points = 0;
  let messages = 0;
  let bytes = 0;
  const post = (m: unknown) => {
    bytes += JSON.stringify(m).length;
    messages++;
  };
  manager.on('points', (run, steps, epochs, controls) => {
    points += steps.length;
    buffer.add(run.key, steps, epochs, controls);
  });
  manager.on('change', () => buffer.markRunsChanged());
  const dashboard = setInterval(() => {
    const { runsChanged, points: pending } = buffer.take();
    if (runsChanged) post({ type: 'runs', runs: [...manager.runs.values()].map(liveView), activeId: null });
    for (const [runId, p] of pending) post({ type: 'points', runId, ...p, reset: false });
  }, DASHBOARD_MS);
  const tree = setInterval(() => buildRunGroups(listRuns(out), [...manager.runs.values()], out), TREE_MS);

  const t0 = performance.now();
  delay.enable();
  // As the extension's sweep command: the data read once and shared, then every run submitted.
  const shared = new SharedData();
  const runs: LiveRun[] = [];
  for (const name of ['adam', 'sgd'])
    for (const lr of [0.1, 0.05, 0.02, 0.01]) {
      const config = resolveRunConfig(
        { name: `${name} lr=${lr}`, model: { hidden: [64] }, optimizer: { name, lr } },
        defaultConfig(csv),
      );
      const data = await shared.get(config);
      runs.push(manager.submit(recordedPlan(config, data.dataset).config, 'bench sweep', null, data));
    }
  await new Promise<void>((resolve) => {
    const check = () => runs.every((r) => !r.active) && resolve();
    manager.on('change', check);
    check();
  });
  delay.disable();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(dashboard);
  clearInterval(tree);
  manager.dispose();
  rmSync(out, { recursive: true, force: true });
  const failed = runs.filter((r) => r.status !== 'completed');
  if (failed.length)
    throw new Error(
      `runs did not complete: ${failed.map((r) => `${r.config.name} ${r.status} ${r.error?.message ?? ''}`).join('; ')}`,
    );
  const ms = (ns: number) => ns / 1e6;
  const result = {
    seconds,
    points,
    messages,
    bytes,
    p50_ms: ms(delay.percentile(50)),
    p99_ms: ms(delay.percentile(99)),
    max_ms: ms(delay.max),
  };
  console.log(JSON.stringify(result));
}

const [workerFile, csv] = process.argv.slice(2);
main(workerFile, csv).catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
