/**
 * `npm run test:e2e`: the generate dashboard and the CRF's transitions in a real VS Code (code-server). A
 * VAE and a WGAN-GP on a small CSV with a categorical column: their losses by name, each quality figure with
 * the two baselines as labelled lines, a column's histogram (choosing another column changes the bars) and
 * a scatter of two columns, real and generated. Then a CRF on sequences from a hidden Markov model
 * (test/data/hmm): its transition scores as a heat map, one cell per pair of tags. Screenshots go to
 * test/e2e/artifacts/generate/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import {
  acceptSaveDialog,
  appears,
  clickLens,
  dashboardFrame,
  main,
  openFile,
  root,
  runCommand,
  settle,
  summaries,
  until,
} from './harness';

const GENERATE = 'rows.losslab.json';
const SEQUENCE = 'tags.losslab.json';

/** Two correlated numeric columns and a three-label one, from a fixed linear congruential generator. */
function rowsCsv(rows: number): string {
  let seed = 11;
  const uniform = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const lines = ['height,weight,size'];
  for (let i = 0; i < rows; i++) {
    const h = 170 + 10 * normal();
    const w = 0.9 * (h - 100) + 6 * normal();
    lines.push(`${h.toFixed(1)},${w.toFixed(1)},${h < 163 ? 'S' : h < 177 ? 'M' : 'L'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What the generate card draws, read from the page: its charts' keys, aria descriptions and coloured pixels. */
interface Drawn {
  title: string;
  banner: string | null;
  charts: { cls: string; key: string[]; described: string; ink: number }[];
  column: string | null;
  columns: string[];
}

const READ = `(() => {
  const card = document.querySelector('.ll-generate');
  if (!card || card.hidden) return null;
  const ink = (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const hi = Math.max(d[i], d[i + 1], d[i + 2]);
      if (d[i + 3] > 128 && hi - Math.min(d[i], d[i + 1], d[i + 2]) > 60) n++;
    }
    return n;
  };
  const banner = card.querySelector('.ll-notice-collapse');
  const column = card.querySelector('select[aria-label="Histogram column"]');
  return {
    title: card.querySelector('.ll-section-title').textContent,
    banner: banner && !banner.hidden ? banner.textContent : null,
    column: column ? column.value : null,
    columns: column ? [...column.options].map((o) => o.value) : [],
    charts: [...card.querySelectorAll('.ll-generate-chart')].filter((c) => !c.hidden && c.closest('[hidden]') === null).map((c) => ({
      cls: [...c.classList].find((k) => k !== 'll-generate-chart'),
      key: [...c.querySelectorAll('.ll-key-item')].map((k) => k.textContent),
      described: c.querySelector('canvas').getAttribute('aria-label') ?? '',
      ink: ink(c.querySelector('canvas')),
    })),
  };
})()`;

const read = (frame: Frame) => frame.evaluate(READ) as Promise<Drawn | null>;

async function pick(frame: Frame, run: string): Promise<void> {
  // The row's swatch: its name is a link that opens the run's record instead.
  const name = frame.locator('td.ll-col-name', { hasText: new RegExp(`^${run}$`) });
  await frame.locator('.ll-table tr', { has: name }).locator('td.ll-col-swatch').click();
}

main(
  {
    name: 'generate',
    workspaceTrust: false,
    prepare(ws) {
      fs.writeFileSync(path.join(ws, 'rows.csv'), rowsCsv(300));
      // The first 1200 tokens of the hidden Markov model's sequences: enough for the transitions to show.
      const hmm = fs.readFileSync(path.join(root, 'test', 'data', 'hmm', 'train.csv'), 'utf8').split('\n');
      fs.writeFileSync(path.join(ws, 'tags.csv'), `${hmm.slice(0, 1201).join('\n')}\n`);
      const experiment = (file: string, e: object) => fs.writeFileSync(path.join(ws, file), JSON.stringify(e, null, 2));
      experiment(GENERATE, {
        data: { path: 'rows.csv', task: 'generate' },
        model: { hidden: [16] },
        training: { epochs: 20, seed: 1, batchSize: 32 },
        optimizer: { name: 'adam', lr: 0.005 },
        runs: [
          { name: 'vae', loss: 'vae' },
          { name: 'wgan-gp', loss: 'wgan_gp' },
        ],
      });
      experiment(SEQUENCE, {
        data: { path: 'tags.csv', target: 'tag', task: 'sequence', sequence: 'sentence', order: 'position' },
        model: { hidden: [8] },
        training: { epochs: 6, seed: 1, batchSize: 8 },
        optimizer: { name: 'adam', lr: 0.02 },
        runs: [{ name: 'crf', loss: 'crf' }],
      });
    },
    ready: (page) =>
      page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'rows.csv' }).waitFor({ timeout: 60_000 }),
  },
  async ({ page, ws, check, shot }) => {
    const runsDir = path.join(ws, '.losslab', 'runs');
    await openFile(page, GENERATE);
    await page.locator('.codelens-decoration a', { hasText: 'Run all & compare' }).first().waitFor({ timeout: 90_000 });
    await clickLens(page, 'Run all & compare');
    await until('both generate runs to finish', () => summaries(runsDir).length >= 2, 240_000);
    const frame = await until('the dashboard', () => dashboardFrame(page));

    for (const run of ['vae', 'wgan-gp']) {
      await pick(frame, run);
      await frame.locator('.ll-generate').scrollIntoViewIfNeeded();
      const drawn = await settle(
        () => read(frame),
        (d) => d?.title.endsWith(` · ${run}`) === true && d.charts.length >= 5 && d.charts.every((c) => c.ink > 100),
      );
      const charts = drawn?.charts ?? [];
      const chart = (cls: string) => charts.filter((c) => c.cls === cls);
      check(drawn?.title === `Generated rows · ${run}`, `the card shows the run picked in the table: ${drawn?.title}`);
      const losses = chart('ll-generate-losses')[0];
      const expected =
        run === 'vae'
          ? ['reconstruction', 'KL']
          : ['discriminator / critic', 'generator', 'Wasserstein estimate', 'gradient penalty'];
      check(
        losses !== undefined && expected.every((k) => losses.key.includes(k)) && losses.ink > 100,
        `${run}: the losses chart draws ${expected.join(', ')}: key ${losses?.key.join(', ')}, ${losses?.ink} coloured pixels`,
      );
      const figures = chart('ll-generate-figure');
      check(
        ['ks_mean', 'tvd_mean', 'corr_diff', 'c2st_auc'].every((f) =>
          figures.some((c) => c.described.startsWith(`${f} per epoch: `)),
        ) &&
          figures.every(
            (c) =>
              c.key[0] === 'model' &&
              c.key.some((k) => k.startsWith('independent marginals ')) &&
              c.key.some((k) => k.startsWith('Gaussian copula ')) &&
              c.ink > 100,
          ),
        `${run}: each quality figure with both baselines as reference lines: ${figures.map((c) => `${c.described.split(':')[0]} [${c.key.join(' | ')}]`).join('; ')}`,
      );
      // Epochs 5, 10, 15, 20: four measured values in each figure's description.
      const ks = figures.find((c) => c.described.startsWith('ks_mean'))?.described ?? '';
      check(
        /^ks_mean per epoch: [\d.e-]+, [\d.e-]+, [\d.e-]+, [\d.e-]+;/.test(ks),
        `${run}: ks_mean measured at 4 epochs: ${ks}`,
      );
      await shot(`${run}-losses-quality`);

      const histogramOf = async (column: string) => {
        await frame.selectOption('.ll-generate select[aria-label="Histogram column"]', column);
        const d = await settle(
          () => read(frame),
          (x) => x?.charts.find((c) => c.cls === 'll-generate-histogram')?.described.startsWith(`${column}: `) === true,
        );
        return { column: d?.column, chart: d?.charts.find((c) => c.cls === 'll-generate-histogram') };
      };
      const byHeight = await histogramOf('height');
      const hist = byHeight.chart;
      check(
        byHeight.column === 'height' &&
          hist?.key.join() === 'real (held-out),generated' &&
          /^height: .* to .*; real .*; generated /.test(hist.described),
        `${run}: the histogram of height, real against generated: ${hist?.described.slice(0, 160)}`,
      );
      const sizeHist = (await histogramOf('size')).chart;
      const shares = (label: string) =>
        (new RegExp(`${label} ([^;]+)`).exec(sizeHist?.described ?? '')?.[1] ?? '').split(', ').map(Number);
      const real = shares('real');
      const generated = shares('generated');
      check(
        /^size: (S|M|L), (S|M|L), (S|M|L);/.test(sizeHist?.described ?? '') &&
          real.length === 3 &&
          generated.length === 3 &&
          Math.abs(real.reduce((a, b) => a + b, 0) - 1) < 0.01 &&
          Math.abs(generated.reduce((a, b) => a + b, 0) - 1) < 0.01 &&
          (sizeHist?.ink ?? 0) > 100,
        `${run}: choosing size redraws the histogram as one bar per label, real and generated shares summing to 1: ${sizeHist?.described} (${sizeHist?.ink} coloured pixels)`,
      );
      const scatter = chart('ll-generate-scatter')[0];
      check(
        scatter !== undefined &&
          /^weight against height: \d+ real and \d+ generated rows$/.test(scatter.described) &&
          scatter.key.length === 2 &&
          scatter.ink > 100,
        `${run}: the scatter of weight against height, real and generated: ${scatter?.described} [${scatter?.key.join(' | ')}]`,
      );
      await frame.locator('.ll-card-generate-histogram').scrollIntoViewIfNeeded();
      await shot(`${run}-histogram-scatter`);
    }

    // Sample rows… on the run's header: rows in the CSV's columns and labels, saved where the dialog proposes, opened.
    await frame.locator('.ll-header button', { hasText: 'Sample rows…' }).first().click();
    const count = page.locator('.quick-input-widget .quick-input-box input');
    await count.waitFor({ state: 'visible', timeout: 30_000 });
    await count.fill('50');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Save the sampled rows' }).waitFor();
    await acceptSaveDialog(page);
    const sampled = await until('the sampled rows', () => fs.readdirSync(ws).find((f) => f.endsWith('-synthetic.csv')));
    const [header, ...rows] = fs.readFileSync(path.join(ws, sampled), 'utf8').trim().split('\n');
    const [csvHeader, ...csvRows] = fs.readFileSync(path.join(ws, 'rows.csv'), 'utf8').trim().split('\n');
    const columns = csvHeader.split(',');
    const labelsOf = (lines: string[], c: number) => new Set(lines.map((l) => l.split(',')[c]));
    const categorical = columns.findIndex((_, c) => labelsOf(csvRows, c).size <= 5);
    const drawnLabels = [...labelsOf(rows, categorical)];
    check(
      header === csvHeader &&
        rows.length === 50 &&
        drawnLabels.every((l) => labelsOf(csvRows, categorical).has(l)) &&
        rows.every((r) => r.split(',').every((v, c) => c === categorical || Number.isFinite(Number(v)))),
      `Sample rows… wrote ${rows.length} rows of ${header} (${columns[categorical]}: ${drawnLabels.join(', ')}) to ${sampled}`,
    );
    check(
      await appears(page.locator('.tab.active', { hasText: sampled })),
      `the sampled rows open in the editor (${sampled})`,
    );
    await shot('sampled-rows');

    // Only the sequence experiment open, so that its lens is the one clicked.
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, SEQUENCE);
    await page.locator('.codelens-decoration a', { hasText: 'Run all & compare' }).first().waitFor({ timeout: 60_000 });
    await clickLens(page, 'Run all & compare');
    await until('the CRF run to finish', () => summaries(runsDir).length >= 3, 240_000);
    const crfFrame = await until('the dashboard', () => dashboardFrame(page));
    const cells = await settle(
      () =>
        crfFrame.evaluate(`(() => {
          const t = document.querySelector('.ll-transitions');
          if (!t || t.closest('[hidden]')) return null;
          return {
            cols: [...t.querySelectorAll('th.ll-cm-col')].map((c) => c.textContent),
            rows: [...t.querySelectorAll('th.ll-cm-row')].map((c) => c.textContent),
            values: [...t.querySelectorAll('td.ll-cm-cell')].map((c) => Number(c.textContent)),
          };
        })()`) as Promise<{ cols: string[]; rows: string[]; values: number[] } | null>,
      (c) => c !== null && c.values.length > 0,
    );
    const tags = [...(cells?.cols ?? [])].sort().join();
    check(
      cells !== null &&
        tags === 'B-ENT,I-ENT,O' &&
        cells.rows.join() === cells.cols.join() &&
        cells.values.length === 9 &&
        cells.values.every(Number.isFinite) &&
        new Set(cells.values).size > 1,
      `the CRF's transitions: ${cells?.rows.length} × ${cells?.cols.length} cells over ${cells?.cols.join(', ')}: ${cells?.values.join(', ')}`,
    );
    // The hidden Markov model never puts I-ENT right after O: that transition scores below O → B-ENT.
    const at = (from: string, to: string) =>
      cells ? cells.values[cells.rows.indexOf(from) * cells.cols.length + cells.cols.indexOf(to)] : NaN;
    check(
      at('O', 'I-ENT') < at('O', 'B-ENT'),
      `O → I-ENT ${at('O', 'I-ENT')} scores below O → B-ENT ${at('O', 'B-ENT')}`,
    );
    // Only framing the screenshot: the table may be redrawn (detached) under the scroll.
    await crfFrame
      .locator('.ll-transitions')
      .first()
      .scrollIntoViewIfNeeded({ timeout: 10_000 })
      .catch(() => undefined);
    await shot('crf-transitions');
  },
);
