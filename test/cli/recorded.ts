/**
 * A recorded run read back independently of Loss Lab's data code: the CSV parsed with a plain split (the
 * numeric test files have no quotes), encoded and split as preprocessing.json says, and the recorded
 * weights applied as a linear model. What the closed-form checks of `interpolate` and `rows` compare with.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Layer {
  weight: number[][];
  bias: number[];
}

export interface Weights {
  layers: Layer[];
  task: number[];
}

interface Preprocessing {
  header: string[];
  rows: [number, number][];
  features: { column: string; mean: number; std: number }[];
  target: { columns: string[]; classes: string[] | null; scaler: { mean: number; std: number } | null };
  val: number[];
}

/** A split as the model sees it: standardized inputs, scaled targets, and each row's 1-based CSV line. */
export interface Split {
  x: number[][];
  y: number[];
  lines: number[];
}

export function readJson<T>(dir: string, name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

/**
 * The training and validation rows of a run on numeric features, from its CSV and preprocessing.json; the
 * target is scaled (regression) or the class's index (classification).
 */
export function recordedSplits(runDir: string, csvFile: string): { train: Split; val: Split } {
  const p = readJson<Preprocessing>(runDir, 'preprocessing.json');
  const lines = readFileSync(csvFile, 'utf8').split('\n');
  const col = (name: string) => p.header.indexOf(name);
  const kept: number[] = p.rows.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
  const val = new Set(p.val);
  const train: Split = { x: [], y: [], lines: [] };
  const valSplit: Split = { x: [], y: [], lines: [] };
  kept.forEach((line, position) => {
    const cells = lines[line - 1].trim().split(',');
    const s = val.has(position) ? valSplit : train;
    s.x.push(p.features.map((f) => (Number(cells[col(f.column)]) - f.mean) / f.std));
    const t = cells[col(p.target.columns[0])];
    const { scaler, classes } = p.target;
    s.y.push(classes ? classes.indexOf(t) : scaler ? (Number(t) - scaler.mean) / scaler.std : Number(t));
    s.lines.push(line);
  });
  return { train, val: valSplit };
}

/** A linear model's outputs (one layer, one output). */
export function linear(layer: Layer, x: number[][]): number[] {
  return linearOutputs(layer, x).map((o) => o[0]);
}

/** A linear model's outputs, one array per row. */
export function linearOutputs(layer: Layer, x: number[][]): number[][] {
  return x.map((row) => layer.weight.map((w, o) => row.reduce((s, v, j) => s + v * w[j], layer.bias[o])));
}

/**
 * Along θ(α) = θ_A + α(θ_B − θ_A) a linear model's residual is r0 + α·d, so its mean squared error is the
 * quadratic mean(r0²) + 2α·mean(r0·d) + α²·mean(d²).
 */
export function quadratic(a: Weights, b: Weights, split: Split): (alpha: number) => number {
  const pa = linear(a.layers[0], split.x);
  const pb = linear(b.layers[0], split.x);
  const n = split.y.length;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  for (let i = 0; i < n; i++) {
    const r0 = pa[i] - split.y[i];
    const d = pb[i] - pa[i];
    c0 += (r0 * r0) / n;
    c1 += (2 * r0 * d) / n;
    c2 += (d * d) / n;
  }
  return (alpha) => c0 + c1 * alpha + c2 * alpha * alpha;
}
