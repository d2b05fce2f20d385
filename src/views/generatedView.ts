/** A generate run's rows as the dashboard keeps them: the latest generated ones, the real ones from the first. */
import type { GeneratedRows } from '../core/trainer/events';
import type { GeneratedView } from '../protocol/webview';

/** `rows` over what was kept of the run before (null: nothing yet); null while the real rows are still unknown. */
export function nextGenerated(kept: GeneratedView | null, rows: GeneratedRows): GeneratedView | null {
  const real = rows.real ?? kept?.real;
  const baselines = rows.baselines ?? kept?.baselines;
  return real && baselines ? { epoch: rows.epoch, synthetic: rows.synthetic, real, baselines } : null;
}
