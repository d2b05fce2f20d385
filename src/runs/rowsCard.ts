/** The Rows card of shown runs, from their recorded rows (the latest recorded epoch of each). */
import { readRowsEpoch, readRowsIndex } from '../io/rowsStore';
import type { RowsCardView } from '../protocol/rowsViews';
import { type RecordedRows, rowsCardView } from '../views/rowsCard';

/** A run's latest recorded rows, or null for a run that recorded none (yet). */
export function latestRows(runId: string, name: string, dir: string): RecordedRows | null {
  const index = readRowsIndex(dir);
  const entry = index?.epochs.reduce((a, e) => (e.epoch >= a.epoch ? e : a), index.epochs[0]);
  if (!index || !entry) return null;
  const [train] = readRowsEpoch(dir, index, entry);
  return { runId, name, index, entry, train };
}

/** The card of the `runs` that recorded rows; null when none did. A run whose record cannot be read is left out. */
export function rowsCard(runs: readonly { id: string; name: string; dir: string | null }[]): RowsCardView | null {
  const recorded = runs.flatMap((r) => {
    if (!r.dir) return [];
    try {
      return [latestRows(r.id, r.name, r.dir)].filter((x) => x !== null);
    } catch {
      return [];
    }
  });
  return recorded.length ? rowsCardView(recorded) : null;
}
