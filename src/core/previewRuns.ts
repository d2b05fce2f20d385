/**
 * Schedule previews of several runs at once: only the number of training rows is needed from the data,
 * so each distinct data setting is read once and shared by the runs that use it.
 */
import type { RunConfig } from './config/types';
import { prepareData } from './run';
import { type SchedulePreview, previewSchedule } from './schedulePreview';
import { dataKey } from './sweep/shared';

export function previewRuns(configs: readonly RunConfig[]): SchedulePreview[] {
  const rows = new Map<string, number>();
  return configs.map((config) => {
    const key = dataKey(config);
    if (!rows.has(key)) rows.set(key, prepareData(config).dataset.train.length);
    return previewSchedule(config, rows.get(key)!);
  });
}
