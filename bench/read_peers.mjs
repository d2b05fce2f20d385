// The JavaScript peers of the reading benchmark, one per process so each has its own peak memory:
//   node read_peers.mjs d3|papaparse FILE REPS   → best time (reading the text included) and peak RSS, as JSON
import { readFileSync } from 'node:fs';
import { csvParseRows } from 'd3-dsv';
import Papa from 'papaparse';

const PEERS = {
  // Rows of numbers by Number(), the header skipped.
  d3: (text) => csvParseRows(text, (row, i) => (i === 0 ? null : row.map(Number))).length,
  // Objects keyed by the header, numbers typed by papaparse itself.
  papaparse: (text) => Papa.parse(text, { header: true, dynamicTyping: true, skipEmptyLines: true }).data.length,
};

const [name, file, reps] = process.argv.slice(2);
let best = Infinity;
let peak = 0;
let rows = 0;
for (let k = 0; k < Number(reps); k++) {
  const t0 = performance.now();
  rows = PEERS[name](readFileSync(file, 'utf8'));
  best = Math.min(best, (performance.now() - t0) / 1000);
  if (k === 0) peak = process.resourceUsage().maxRSS / 1024;
}
console.log(JSON.stringify({ read_s: best, peak_rss_mb: peak, rows }));
