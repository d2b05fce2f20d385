/**
 * `npm run test:e2e`: reading the charts in a real VS Code (code-server). Two runs of a 2-feature
 * classification CSV (cross-entropy and hinge, a cosine schedule): the loss against the learning rate on a
 * log x axis, and the cursor synchronized by step across the charts, each chart's readout listing both runs
 * at the same step; the two decision surfaces side by side, each coloured by the right class on either side
 * of the blobs' boundary. Screenshots go to test/e2e/artifacts/insight/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { chartInk, clickLens, dashboardFrame, main, openFile, settle, summaries, until } from './harness';

const EXPERIMENT = 'blobs.losslab.json';

/** Two Gaussian blobs either side of the line x1 + x2 = 0, from a fixed linear congruential generator. */
function blobsCsv(rows: number): string {
  let seed = 7;
  const uniform = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const lines = ['x1,x2,label'];
  for (let i = 0; i < rows; i++) {
    const c = i % 2;
    const centre = c ? 1.2 : -1.2;
    lines.push(`${(centre + normal()).toFixed(4)},${(centre + normal()).toFixed(4)},${c ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The cursor readout of each chart card (see ChartCard.setReadout), by card id. */
function readouts(frame: Frame): Promise<Record<string, string>> {
  return frame.evaluate(`Object.fromEntries([...document.querySelectorAll('.ll-grid .ll-card')].map((c) => [
    [...c.classList].find((k) => k.startsWith('ll-card-') && k !== 'll-card-head').slice('ll-card-'.length),
    c.querySelector('.ll-readout')?.textContent ?? '',
  ]))`);
}

async function hoverMiddle(frame: Frame, card: string, at = 0.5): Promise<void> {
  const canvas = frame.locator(`.ll-card-${card} canvas`);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error(`no ${card} chart`);
  await canvas.hover({ position: { x: box.width * at, y: box.height * 0.5 } });
}

interface SurfaceSample {
  run: string;
  left: number;
  top: number;
  /** The colour drawn near the bottom-left (both features low) and the top-right (both high) corners. */
  low: number[];
  high: number[];
  /** Each class's legend swatch colour, by label. */
  swatches: Record<string, number[]>;
}

/**
 * Each surface canvas read back: the most frequent colour of a 9 × 9 patch at 15% and 85% along its
 * diagonal (far on either side of the line x1 + x2 = 0; the most frequent colour skips any dot there).
 */
function sampleSurfaces(frame: Frame): Promise<SurfaceSample[]> {
  return frame.evaluate(`[...document.querySelectorAll('.ll-surface')].map((fig) => {
    const canvas = fig.querySelector('canvas');
    const ctx = canvas.getContext('2d');
    const patch = (fx, fy) => {
      const d = ctx.getImageData(Math.round(canvas.width * fx) - 4, Math.round(canvas.height * fy) - 4, 9, 9).data;
      const counts = new Map();
      for (let i = 0; i < d.length; i += 4) {
        const k = [d[i], d[i + 1], d[i + 2]].join(',');
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => b[1] - a[1])[0][0].split(',').map(Number);
    };
    const box = canvas.getBoundingClientRect();
    const swatches = Object.fromEntries([...fig.querySelectorAll('.ll-surface-key')].map((k) => [
      k.textContent, getComputedStyle(k.querySelector('.ll-surface-swatch')).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number),
    ]));
    return { run: fig.querySelector('.ll-surface-run').textContent, left: box.left, top: box.top,
      low: patch(0.15, 0.85), high: patch(0.85, 0.15), swatches };
  })`);
}

/** The label whose swatch is nearest to `rgb`. */
function nearest(rgb: number[], swatches: Record<string, number[]>): string {
  const distance = (c: number[]) => c.reduce((s, v, i) => s + (v - rgb[i]) ** 2, 0);
  return Object.entries(swatches).sort((a, b) => distance(a[1]) - distance(b[1]))[0][0];
}

main(
  {
    name: 'insight',
    workspaceTrust: false,
    prepare(ws) {
      fs.writeFileSync(path.join(ws, 'blobs.csv'), blobsCsv(400));
      fs.writeFileSync(
        path.join(ws, EXPERIMENT),
        JSON.stringify(
          {
            data: { path: 'blobs.csv', target: 'label' },
            model: { hidden: [8] },
            training: { epochs: 40, seed: 1, batchSize: 8 },
            optimizer: { name: 'sgd', lr: 0.05 },
            schedule: { name: 'cosine' },
            runs: [
              { name: 'cross-entropy', loss: 'cross_entropy' },
              { name: 'hinge', loss: 'hinge' },
            ],
          },
          null,
          2,
        ),
      );
    },
    ready: (page) =>
      page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'blobs.csv' }).waitFor({ timeout: 60_000 }),
  },
  async ({ page, ws, check, shot }) => {
    const runsDir = path.join(ws, '.losslab', 'runs');
    await openFile(page, EXPERIMENT);
    // The lenses come once the extension has activated.
    await page.locator('.codelens-decoration a', { hasText: 'Run all & compare' }).first().waitFor({ timeout: 90_000 });
    await clickLens(page, 'Run all & compare');
    await until('both runs to finish', () => summaries(runsDir).length >= 2, 180_000);
    const frame = await until('the dashboard', () => dashboardFrame(page));
    const ink = await settle(
      () => chartInk(frame),
      (charts) => charts.every((c) => c.ink > 200),
    );
    check(
      ink.every((c) => c.ink > 200),
      `every chart draws both runs: ${ink.map((c) => `${c.label} ${c.ink}`).join(', ')}`,
    );
    await shot('two-runs');

    // 1. The loss against the learning rate, log x: the LR range test's view.
    await frame.selectOption('.ll-card-loss select.ll-x-select', 'lr');
    await frame.locator('.ll-card-loss button', { hasText: 'Log x' }).click();
    const lossInk = await settle(
      async () => (await chartInk(frame)).find((c) => c.label === 'Loss chart')?.ink ?? 0,
      (n) => n > 200,
    );
    check(lossInk > 200, `the loss against the learning rate is drawn (${lossInk} coloured pixels)`);
    await hoverMiddle(frame, 'loss');
    const byLr = await settle(
      async () => (await readouts(frame)).loss,
      (t) => t.startsWith('learning rate'),
    );
    const lr = Number(/^learning rate ([\d.e-]+)/.exec(byLr)?.[1]);
    check(
      lr > 0 && lr <= 0.05 && byLr.includes('cross-entropy') && byLr.includes('hinge'),
      `the loss chart's cursor reads a learning rate within the cosine schedule's range and both runs: ${byLr}`,
    );
    await shot('loss-against-lr');

    // 2. The synchronized cursor: hovering the gradient norm marks the same step on every chart.
    await hoverMiddle(frame, 'gradNorm', 0.6);
    const all = await settle(
      () => readouts(frame),
      (r) => Object.values(r).filter((t) => t.includes('step')).length >= 4,
    );
    const steps = Object.entries(all).map(([id, t]) => [id, /step (\d+)/.exec(t)?.[1]] as const);
    const hovered = steps.find(([id]) => id === 'gradNorm')?.[1];
    const perStep = ['gradNorm', 'lr', 'updateRatio', 'loss'];
    check(
      hovered !== undefined && perStep.every((id) => steps.find(([k]) => k === id)?.[1] === hovered),
      `the per-step charts show the same step ${hovered}: ${steps.map(([id, s]) => `${id} ${s}`).join(', ')}`,
    );
    check(
      perStep.every((id) => all[id].includes('cross-entropy') && all[id].includes('hinge')),
      `each lists both runs' values at that step: ${all.gradNorm}`,
    );
    await shot('synchronized-cursor');

    // 3. The decision surfaces side by side: "no" where both features are low, "yes" where both are high.
    await frame.locator('.ll-card-surface').scrollIntoViewIfNeeded();
    const surfaces = await settle(
      () => sampleSurfaces(frame),
      (s) => s.length === 2 && s.every((x) => x.run.endsWith('epoch 40')),
    );
    check(
      surfaces.length === 2 && surfaces[0].top === surfaces[1].top && surfaces[0].left < surfaces[1].left,
      `two surfaces side by side: ${surfaces.map((s) => `${s.run} at (${s.left}, ${s.top})`).join(', ')}`,
    );
    for (const s of surfaces) {
      const low = nearest(s.low, s.swatches);
      const high = nearest(s.high, s.swatches);
      check(
        s.low.join() !== s.high.join() && low === 'no' && high === 'yes',
        `${s.run}: rgb(${s.low}) (${low}) where both features are low, rgb(${s.high}) (${high}) where both are high`,
      );
    }
    await shot('decision-surfaces');
  },
);
