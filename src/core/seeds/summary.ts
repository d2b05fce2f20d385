/**
 * A configuration repeated over seeds, summarized: each final value (train and validation loss, every
 * metric) as mean ± std over the seeds whose run reached an end with it.
 */
import type { EpochSnapshot } from '../trainer/events';
import { type MeanStd, meanStd } from '../stats/describe';

/** What a summary needs of one run. */
export interface SeededRun {
  name: string;
  group?: string;
  seed: number;
  final: EpochSnapshot | null;
}

export interface GroupSummary {
  /** The configuration's name. */
  group: string;
  runs: string[];
  seeds: number[];
  /** `train_loss`, `val_loss` and the metrics, over the runs with a finite final value. */
  values: Record<string, MeanStd>;
}

/** A run's final values by name, as the summaries and the JSON output name them. */
export function finalValues(final: EpochSnapshot | null): Record<string, number> {
  if (!final) return {};
  const out: Record<string, number> = { train_loss: final.trainLoss };
  if (final.valLoss !== null) out.val_loss = final.valLoss;
  return { ...out, ...final.metrics };
}

/** The runs with a group, by group in the order first seen; runs without one are left out. */
export function groupSummaries(runs: readonly SeededRun[]): GroupSummary[] {
  const groups = new Map<string, SeededRun[]>();
  for (const r of runs) if (r.group !== undefined) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  return [...groups].map(([group, members]) => {
    const byName = new Map<string, number[]>();
    for (const r of members)
      for (const [k, v] of Object.entries(finalValues(r.final)))
        if (Number.isFinite(v)) byName.set(k, [...(byName.get(k) ?? []), v]);
    return {
      group,
      runs: members.map((r) => r.name),
      seeds: members.map((r) => r.seed),
      values: Object.fromEntries([...byName].map(([k, xs]) => [k, meanStd(xs)])),
    };
  });
}

/** `0.1234 ± 0.0056 (n=3)`, with the caller's number format; `n` only when some seed has no value. */
export function showMeanStd(s: MeanStd, seeds: number, fmt: (x: number) => string): string {
  return `${fmt(s.mean)} ± ${fmt(s.std)}${s.n < seeds ? ` (n=${s.n})` : ''}`;
}
