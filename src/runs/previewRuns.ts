/**
 * Schedule previews of several runs at once: only the number of training rows is needed from the data,
 * but which rows survive the missing-value handling is known only once the file is parsed, so each
 * distinct data setting is loaded as training loads it (streamed, `loadData`) and shared by its runs.
 */
import type { RunConfig } from '../core/config/types';
import { loadData } from '../io/data';
import { type SchedulePreview, previewSchedule } from '../core/schedulePreview';
import { dataKey } from './sharedData';

export async function previewRuns(configs: readonly RunConfig[]): Promise<SchedulePreview[]> {
  const rows = new Map<string, number>();
  const previews: SchedulePreview[] = [];
  for (const config of configs) {
    const key = dataKey(config);
    if (!rows.has(key)) rows.set(key, (await loadData(config)).dataset.train.length);
    previews.push(previewSchedule(config, rows.get(key)!));
  }
  return previews;
}
