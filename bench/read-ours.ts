/**
 * Loss Lab's side of the reading benchmark, bundled by read.mjs with the chunk worker beside it:
 *   read FILE THREADS REPS   best time of `loadCsv` and the peak memory of the first read, as JSON
 *   numbers COUNT            random decimals read through a CSV, each compared with Number()
 */
import { loadCsv } from '../src/io/csv/load';
import { parseCsv } from '../src/core/csv/parse';
import { parallelAvailable } from '../src/io/csv/workers';
import { Rng } from '../src/core/rng';
import { randomDecimal } from '../test/core/csv-decimals';

async function read(file: string, threads: number, reps: number): Promise<void> {
  let best = Infinity;
  let peak = 0;
  let rows = 0;
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    const table = await loadCsv(file, { threads });
    best = Math.min(best, (performance.now() - t0) / 1000);
    rows = table.rowCount;
    // The first read's peak: later ones may overlap the previous table, not yet collected.
    if (k === 0) peak = process.resourceUsage().maxRSS / 1024;
  }
  console.log(JSON.stringify({ read_s: best, peak_rss_mb: peak, rows, parallel: threads > 0 && parallelAvailable() }));
}

function numbers(count: number): void {
  const rng = new Rng(20240521);
  const ncol = 20;
  const rows = Math.ceil(count / ncol);
  const cells: string[] = [];
  const lines = ['c' + Array.from({ length: ncol }, (_, j) => j).join(',c')];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let j = 0; j < ncol; j++) {
      let s = randomDecimal(rng);
      while (!Number.isFinite(Number(s))) s = randomDecimal(rng);
      row.push(s);
      cells.push(s);
    }
    lines.push(row.join(','));
  }
  const t0 = performance.now();
  const table = parseCsv(Buffer.from(lines.join('\n') + '\n'), 'numbers.csv');
  const seconds = (performance.now() - t0) / 1000;
  let wrong = 0;
  let example = '';
  table.columns.forEach((col, j) => {
    for (let r = 0; r < rows; r++) {
      const s = cells[r * ncol + j];
      const got = col.kind === 'numeric' ? col.values[r] : NaN;
      if (!Object.is(got, Number(s)) && wrong++ === 0) example = `'${s}' read as ${got}, Number() gives ${Number(s)}`;
    }
  });
  console.log(JSON.stringify({ count: rows * ncol, wrong, example, seconds }));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'read') void read(args[0], Number(args[1]), Number(args[2]));
else if (mode === 'numbers') numbers(Number(args[0]));
else throw new Error(`unknown mode ${mode}`);
