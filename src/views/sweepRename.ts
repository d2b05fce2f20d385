/** The dashboard's sweep as the extension keeps it across reloads; how a SweepView is built is in src/views/sweepViews.ts. */
import type { SweepView } from '../protocol/experimentViews';

/** The same sweep with its runs renamed (live keys become run folders once recorded); runs `rename` drops are left out. */
export function renameSweepRuns(view: SweepView, rename: (id: string) => string | null): SweepView {
  const runs = view.runs.flatMap((r) => {
    const id = rename(r.runId);
    return id === null ? [] : [{ ...r, runId: id }];
  });
  return { ...view, runs };
}
