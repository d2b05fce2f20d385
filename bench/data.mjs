// The benchmark's data: a 1M × 21 numeric CSV with 6 decimals (about 200 MB), written once into a cache
// folder outside the repository and reused while its size matches.
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const ROWS = 1_000_000;
export const COLS = 21;
export const CACHE = process.env.LOSSLAB_BENCH_DIR ?? join(homedir(), '.cache', 'losslab-bench');

/** A small deterministic generator (mulberry32), so every machine benchmarks the same file. */
export function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Path of the numeric file, generated on first use. */
export async function numericCsv(rows = ROWS) {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `numeric-${rows}x${COLS}.csv`);
  if (existsSync(file)) return file;
  const tmp = `${file}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  const rand = rng(20240521);
  const header = [...Array.from({ length: COLS - 1 }, (_, j) => `x${j + 1}`), 'y'].join(',') + '\n';
  out.write(header);
  const BLOCK = 10_000;
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const lines = [];
    for (let r = r0; r < Math.min(rows, r0 + BLOCK); r++) {
      const cells = [];
      for (let j = 0; j < COLS; j++) cells.push(((rand() - 0.5) * 20).toFixed(6));
      lines.push(cells.join(','));
    }
    if (!out.write(lines.join('\n') + '\n')) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
  renameSync(tmp, file);
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = await numericCsv();
  console.log(file, `${(statSync(file).size / 1e6).toFixed(1)} MB`);
}
