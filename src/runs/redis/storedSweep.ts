/** What a sweep queued in Redis is, stored beside its jobs so that a producer (CLI or VS Code) can follow it again. */
import { resolveRunConfig } from '../../core/config/resolve';
import type { RunConfig } from '../../core/config/types';
import { LossLabError } from '../../core/errors';
import type { SweepRun, SweepSpec } from '../../core/sweep';

export interface StoredSweep {
  runs: SweepRun[];
  spec: SweepSpec;
  experiment: string;
}

/** A stored sweep as read back; its configs are resolved again, as any read from outside. */
export function parseStoredSweep(text: string, field: string): StoredSweep {
  const damaged = () => new LossLabError('the sweep stored in Redis is damaged', { field });
  let s: { runs?: unknown; spec?: unknown; experiment?: unknown };
  try {
    s = (JSON.parse(text) ?? {}) as typeof s;
  } catch {
    throw damaged();
  }
  if (!Array.isArray(s.runs) || typeof s.experiment !== 'string' || typeof s.spec !== 'object' || !s.spec)
    throw damaged();
  const runs = s.runs.map((raw: unknown) => {
    const r = (raw ?? {}) as { name?: unknown; config?: unknown; point?: unknown };
    if (typeof r.name !== 'string' || typeof r.point !== 'object' || !r.point) throw damaged();
    return { name: r.name, config: resolveStoredConfig(r.config), point: r.point as Record<string, unknown> };
  });
  return { runs, spec: s.spec as SweepSpec, experiment: s.experiment };
}

/** A sweep's config as stored: its loss may be left to the task (name ''), which a config read from outside may not. */
function resolveStoredConfig(raw: unknown): RunConfig {
  const { loss, ...rest } = (raw ?? {}) as { loss?: { name?: unknown } };
  return resolveRunConfig(loss?.name === '' ? rest : raw);
}
