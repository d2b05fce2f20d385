/**
 * `npm run test:e2e`: the ranking and multitask tasks in a real VS Code (code-server). A ranking experiment
 * (RankNet and ListNet over queries whose grades follow their features) draws ndcg@5 and ndcg@10 per epoch,
 * and MAP and MRR are offered; a multitask experiment (a yes/no and a number target, weighted by uncertainty
 * and by dynamic weight average) draws each target's loss and weight over the epochs. The values read from
 * each chart's cursor are checked against the runs' own records, and the runs' lenses give each task's
 * headline metric. Then the Train flow on the queries CSV: the ranking task asks for the group column, the
 * query column preselected, and trains grouped by it; and on the two-target CSV: the multitask task offers the
 * columns as targets, the one picked first checked, and trains a head for each of the two checked. Screenshots
 * go to test/e2e/artifacts/tasks/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import {
  chartInk,
  clickLens,
  dashboardFrame,
  lensTitles,
  main,
  openFile,
  runCommand,
  settle,
  summaries,
  until,
} from './harness';

const RANKING = 'ranking.losslab.json';
const MULTITASK = 'multitask.losslab.json';

/** A linear congruential generator's uniform draws in [0, 1), from a fixed seed. */
function uniforms(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Queries of 8 documents; a document's grade (0 to 3) follows 1.5·f1 + f2, with noise. */
function queriesCsv(queries: number): string {
  const u = uniforms(11);
  const lines = ['query,f1,f2,f3,grade'];
  for (let q = 0; q < queries; q++)
    for (let d = 0; d < 8; d++) {
      const [f1, f2, f3] = [u(), u(), u()];
      const grade = Math.max(0, Math.min(3, Math.floor(1.5 * f1 + f2 + 1.5 * u())));
      lines.push(`q${q},${f1.toFixed(4)},${f2.toFixed(4)},${f3.toFixed(4)},${grade}`);
    }
  return `${lines.join('\n')}\n`;
}

/** Three features, a yes/no label and a number, each from the features. */
function twoTargetsCsv(rows: number): string {
  const lines = ['a,b,c,churn,spend'];
  for (let i = 0; i < rows; i++) {
    const [a, b, c] = [Math.sin(i * 1.1), Math.cos(i * 0.7), Math.sin(i * 0.3) * 2];
    const churn = a + 0.5 * b + 0.3 * Math.sin(i * 5) > 0 ? 'yes' : 'no';
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${churn},${(3 * c - a + 10).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

const experiment = (body: Record<string, unknown>) => `${JSON.stringify(body, null, 2)}\n`;

interface Epoch {
  step: number;
  metrics: Record<string, number>;
}

/** Each finished run's name and its epochs' steps and metrics, as the trainer wrote them (events.jsonl). */
function recordedMetrics(runsDir: string): Map<string, Epoch[]> {
  const runs = new Map<string, Epoch[]>();
  for (const id of summaries(runsDir)) {
    const record = JSON.parse(fs.readFileSync(path.join(runsDir, id, 'config.json'), 'utf8')) as {
      config: { name: string };
    };
    const epochs = fs
      .readFileSync(path.join(runsDir, id, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Epoch & { type: string })
      .filter((e) => e.type === 'epoch');
    runs.set(record.config.name, epochs);
  }
  return runs;
}

/** The step a readout is at (`step 120 · …`). */
const stepOf = (readout: string) => Number(/step (\d+)/.exec(readout)?.[1]);

/** The metric chart's cursor readout with the pointer at `at` of its width (see ChartCard.setReadout). */
async function metricReadout(frame: Frame, at: number): Promise<string> {
  const canvas = frame.locator('.ll-card-metric canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no metric chart');
  const readout = frame.locator('.ll-card-metric .ll-readout');
  const before = await readout.innerText();
  await canvas.hover({ position: { x: box.width * at, y: box.height * 0.5 } });
  return settle(
    () => readout.innerText(),
    (t) => t.includes('step') && t !== before,
  );
}

/** The value a readout shows for `run`'s line `label` (`run · label: value`), NaN when it shows none. */
function shownValue(readout: string, run: string, label: string): number {
  const line = readout.split(' · ').findIndex((s, i, all) => s.startsWith(`${label}: `) && all[i - 1] === run);
  return line < 0 ? NaN : Number(readout.split(' · ')[line].slice(label.length + 2));
}

/** Shows `metric` in the metric chart once the runs' metrics have arrived; returns the options the select offers. */
async function showMetric(frame: Frame, metric: string): Promise<string[]> {
  const options = await settle(
    () =>
      frame
        .locator('select[aria-label="Metric"] option')
        .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value)),
    (o) => o.includes(metric),
  );
  if (options.includes(metric)) await frame.selectOption('select[aria-label="Metric"]', metric);
  return options;
}

/** Runs an experiment file's runs from its lens; resolves once `count` runs in all have finished. */
async function runAll(page: Page, file: string, runsDir: string, count: number): Promise<Frame> {
  await openFile(page, file);
  await page.locator('.codelens-decoration a', { hasText: 'Run all & compare' }).first().waitFor({ timeout: 180_000 });
  await clickLens(page, 'Run all & compare');
  await until(`${count} runs to finish`, () => summaries(runsDir).length >= count, 240_000);
  return until('the dashboard', () => dashboardFrame(page));
}

/** How many of the open file's lenses give a finished run's headline metric as `label` (`val NDCG@10 0.943 ·`). */
async function headlineLenses(page: Page, label: string, count: number): Promise<{ found: number; titles: string[] }> {
  const pattern = new RegExp(`val ${label} \\d\\.\\d{3} ·`);
  const found = (t: string[]) => t.filter((x) => pattern.test(x)).length;
  const titles = await settle(
    () => lensTitles(page),
    (t) => found(t) === count,
  );
  return { found: found(titles), titles };
}

interface TrainedConfig {
  config: { name: string; data: { path: string; task?: string; group?: string; target?: string | string[] } };
}

/**
 * Train on this CSV with the target preselected (the last column) and `task` typed in; returns the next
 * question's title and its preselected answers (`atNext` runs while it shows, and may change them), then takes
 * the defaults to the end.
 */
async function trainTask(
  page: Page,
  task: string,
  atNext: () => Promise<void>,
): Promise<{ title: string; focused: string; checked: string[] }> {
  await clickLens(page, 'Train on this CSV');
  const title = page.locator('.quick-input-widget .quick-input-title');
  const next = async (action: () => Promise<void>) => {
    const before = await title.textContent();
    await action();
    await until(
      `the step after "${before}"`,
      async () => ((await title.textContent()) !== before ? true : null),
      30_000,
    );
  };
  await title.waitFor({ state: 'visible' });
  await next(() => page.keyboard.press('Enter'));
  await next(async () => {
    await page.locator('.quick-input-widget .quick-input-box input').pressSequentially(task);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: task }).waitFor();
    await page.keyboard.press('Enter');
  });
  const asked = {
    title: (await title.textContent()) ?? '',
    focused: (await rowLabels(page, '.focused'))[0] ?? '',
    checked: await rowLabels(page, 'checked'),
  };
  await atNext();
  // That question, the loss, optimizer and learning rate as preselected; then the optional seeds, left empty.
  for (let i = 0; i < 4; i++) await next(() => page.keyboard.press('Enter'));
  await page.keyboard.press('Enter');
  return asked;
}

/** The labels of the quick pick's rows that match `which` (`.focused`, or `checked` in a multi-select pick). */
const rowLabels = (page: Page, which: '.focused' | 'checked') =>
  page
    .locator('.quick-input-list .monaco-list-row')
    .evaluateAll(
      (rows, which) =>
        rows
          .filter((r) =>
            which === 'checked'
              ? r.querySelector('.checked, [aria-checked="true"], input:checked') !== null ||
                r.getAttribute('aria-checked') === 'true'
              : r.matches(which),
          )
          .map((r) => r.querySelector('.label-name')?.textContent ?? ''),
      which,
    );

const close = (shown: number, recorded: number) => Math.abs(shown - recorded) <= 5e-4 * Math.max(1, Math.abs(recorded));

main(
  {
    name: 'tasks',
    workspaceTrust: false,
    prepare(ws) {
      fs.writeFileSync(path.join(ws, 'queries.csv'), queriesCsv(40));
      fs.writeFileSync(path.join(ws, 'customers.csv'), twoTargetsCsv(300));
      fs.writeFileSync(
        path.join(ws, RANKING),
        experiment({
          data: { path: 'queries.csv', task: 'ranking', group: 'query', target: 'grade' },
          model: { hidden: [8] },
          optimizer: { name: 'adam', lr: 0.005 },
          training: { epochs: 15, batchSize: 4, seed: 1 },
          runs: [
            { name: 'ranknet', loss: 'ranknet' },
            { name: 'listnet', loss: 'listnet' },
          ],
        }),
      );
      fs.writeFileSync(
        path.join(ws, MULTITASK),
        experiment({
          data: { path: 'customers.csv', task: 'multitask', target: ['churn', 'spend'] },
          model: { hidden: [8] },
          optimizer: { name: 'adam', lr: 0.02 },
          training: { epochs: 12, batchSize: 16, seed: 2 },
          runs: [
            { name: 'uncertainty', loss: { name: 'multitask', weighting: 'uncertainty' } },
            { name: 'dwa', loss: { name: 'multitask', weighting: 'dwa' } },
          ],
        }),
      );
    },
    ready: (page) =>
      page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'queries.csv' }).waitFor({ timeout: 60_000 }),
  },
  async ({ page, ws, check, shot }) => {
    const runsDir = path.join(ws, '.losslab', 'runs');

    // 1. Ranking: ndcg@5 and ndcg@10 per epoch for both losses, the values the runs recorded.
    let frame = await runAll(page, RANKING, runsDir, 2);
    const ranking = recordedMetrics(runsDir);
    const rankingLenses = await headlineLenses(page, 'NDCG@10', 2);
    check(rankingLenses.found === 2, `the runs' lenses give NDCG@10: ${rankingLenses.titles.join(' | ')}`);
    for (const metric of ['ndcg@5', 'ndcg@10']) {
      const options = await showMetric(frame, metric);
      if (metric === 'ndcg@5')
        check(
          ['ndcg@5', 'ndcg@10', 'map', 'mrr'].every((m) => options.includes(m)),
          `the metric chart offers the ranking metrics: ${options.join(', ')}`,
        );
      const ink = await settle(
        async () => (await chartInk(frame)).find((c) => c.label === 'Metric chart')?.ink ?? 0,
        (n) => n > 200,
      );
      const readout = await metricReadout(frame, 0.96);
      const pairs = ['ranknet', 'listnet'].map((run) => {
        const last = ranking.get(run)?.at(-1);
        return {
          run,
          step: last?.step,
          shown: shownValue(readout, run, metric),
          recorded: last?.metrics[metric] ?? NaN,
        };
      });
      check(
        ink > 200 && pairs.every((p) => p.step === stepOf(readout) && close(p.shown, p.recorded) && p.recorded > 0.5),
        `${metric} drawn for both runs (${ink} coloured pixels); the last epoch reads ${pairs.map((p) => `${p.run} ${p.shown} (recorded ${p.recorded.toFixed(4)})`).join(', ')}: ${readout}`,
      );
      await shot(`ranking-${metric.replace('@', '-at-')}`);
    }

    // 2. Multitask: each target's loss and weight per epoch, weights moving away from where they start.
    await runCommand(page, 'View: Close All Editors');
    frame = await runAll(page, MULTITASK, runsDir, 4);
    const multitask = recordedMetrics(runsDir);
    const multitaskLenses = await headlineLenses(page, 'mean score', 2);
    check(multitaskLenses.found === 2, `the runs' lenses give the mean score: ${multitaskLenses.titles.join(' | ')}`);
    for (const what of ['loss', 'weight']) {
      const options = await showMetric(frame, `each/${what}`);
      check(options.includes(`each/${what}`), `the metric chart offers each target's ${what}: ${options.join(', ')}`);
      await settle(
        async () => (await chartInk(frame)).find((c) => c.label === 'Metric chart')?.ink ?? 0,
        (n) => n > 200,
      );
      const start = await metricReadout(frame, 0.08);
      const end = await metricReadout(frame, 0.96);
      for (const run of ['uncertainty', 'dwa']) {
        const epochs = multitask.get(run) ?? [];
        for (const target of ['churn', 'spend']) {
          const key = `${target}/${what}`;
          const shown = [shownValue(start, run, key), shownValue(end, run, key)];
          const at = [epochs[0], epochs.at(-1)];
          const recorded = at.map((e) => e?.metrics[key] ?? NaN);
          // A weight must move (dwa's from the third epoch); a loss must fall.
          const moved = what === 'loss' ? recorded[1] < recorded[0] : Math.abs(recorded[1] - recorded[0]) > 1e-3;
          check(
            at[0]?.step === stepOf(start) &&
              at[1]?.step === stepOf(end) &&
              close(shown[0], recorded[0]) &&
              close(shown[1], recorded[1]) &&
              moved,
            `${run} ${key} drawn: ${shown[0]} at the first epoch, ${shown[1]} at the last (recorded ${recorded.map((v) => v.toFixed(4)).join(' → ')} at steps ${at.map((e) => e?.step).join(', ')}; readouts at steps ${stepOf(start)}, ${stepOf(end)})`,
          );
        }
      }
      await shot(`multitask-each-${what}`);
    }

    // 3. The Train flow on the queries: choosing the ranking task asks for the group column, query preselected.
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'queries.csv');
    const asked = await trainTask(page, 'ranking', () => shot('train-flow-group-column'));
    check(
      /group column/.test(asked.title) && asked.focused === 'query',
      `after the ranking task the Train flow asks "${asked.title}", ${asked.focused} preselected`,
    );
    await until('the run from the Train flow', () => summaries(runsDir).length >= 5, 180_000);
    const fromFlow = (csv: string, names: string[]) =>
      summaries(runsDir)
        .map((id) => ({
          id,
          ...(JSON.parse(fs.readFileSync(path.join(runsDir, id, 'config.json'), 'utf8')) as TrainedConfig),
        }))
        .find((r) => r.config.data.path.endsWith(csv) && !names.includes(r.config.name));
    const data = fromFlow('queries.csv', ['ranknet', 'listnet'])?.config.data;
    check(
      data?.task === 'ranking' && data.group === 'query' && data.target === 'grade',
      `the run trains the ranking task grouped by query: ${JSON.stringify(data)}`,
    );

    // 4. The Train flow on the two-target CSV: the multitask task offers every column as a target, the one
    // picked first (spend) checked; checking churn too trains one run with a head for each.
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'customers.csv');
    const targets = await trainTask(page, 'multitask', async () => {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'churn' }).click();
      await until('churn checked', async () => ((await rowLabels(page, 'checked')).length === 2 ? true : null));
      await shot('train-flow-targets');
    });
    check(
      /targets/.test(targets.title) && targets.checked.join(',') === 'spend',
      `after the multitask task the Train flow asks "${targets.title}", ${targets.checked.join(', ')} checked`,
    );
    await until('the multitask run from the Train flow', () => summaries(runsDir).length >= 6, 180_000);
    const flowRun = fromFlow('customers.csv', ['uncertainty', 'dwa']);
    const picked = flowRun?.config.data;
    const heads = flowRun
      ? Object.keys(
          (
            JSON.parse(fs.readFileSync(path.join(runsDir, flowRun.id, 'summary.json'), 'utf8')) as {
              final: { metrics: Record<string, number> };
            }
          ).final.metrics,
        ).filter((k) => k.endsWith('/loss'))
      : [];
    check(
      picked?.task === 'multitask' &&
        JSON.stringify([...(picked.target ?? [])].sort()) === '["churn","spend"]' &&
        heads.sort().join(',') === 'churn/loss,spend/loss',
      `the run trains the multitask task on both targets: ${JSON.stringify(picked)}, heads' losses ${heads.join(', ')}`,
    );
  },
);
