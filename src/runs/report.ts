/** Static HTML reports: the dashboard bundle and recorded runs' series in one self-contained file (CLI and VS Code). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installedFile } from '../io/installed';
import { readEvents, readRun } from '../io/runStore';
import { DEFAULT_SMOOTHING } from '../core/smoothing';
import { type RunRecord } from '../core/store/records';
import type { HostToWebview } from '../protocol/webview';
import { renderReportHtml } from '../views/reportHtml';
import { toPoints } from '../views/points';
import { qualityTableHtml } from '../views/qualityTable';
import { runResults } from '../views/runResults';
import { recordView } from '../views/runViews';
import { recordedSweepView } from '../views/sweepViews';

export interface ReportOptions {
  smoothing?: number;
  /** The run shown first (default: the last). */
  activeId?: string;
}

/** What the dashboard is told about recorded runs, as the report embeds it; the sweep card when they form one sweep. */
export function reportMessages(
  records: readonly RunRecord[],
  { smoothing = DEFAULT_SMOOTHING, activeId }: ReportOptions = {},
): HostToWebview[] {
  return [
    { type: 'options', smoothing, compact: false },
    { type: 'runs', runs: records.map(recordView), activeId: activeId ?? records[records.length - 1]?.id ?? null },
    ...records.map((r): HostToWebview => ({
      type: 'points',
      runId: r.id,
      ...toPoints(readEvents(r.dir)),
      reset: true,
    })),
    ...records.map((r): HostToWebview => ({ type: 'results', runId: r.id, results: runResults(r.summary, r.dir) })),
    { type: 'sweep', sweep: recordedSweepView(records) },
  ];
}

/** The report page of `messages`, with the installed dashboard bundle and stylesheet, `preamble` above it. */
export function reportHtml(messages: readonly HostToWebview[], preamble = ''): string {
  return renderReportHtml(
    messages,
    fs.readFileSync(installedFile('dist', 'webview.js'), 'utf8'),
    fs.readFileSync(installedFile('media', 'dashboard.css'), 'utf8'),
    preamble,
  );
}

/** What the report shows instead of a run's end-of-run views, for records that hold them damaged. */
export function reportProblems(messages: readonly HostToWebview[]): string[] {
  return messages.flatMap((m) => (m.type === 'results' && m.results?.kind === 'unreadable' ? [m.results.message] : []));
}

/** Writes an HTML report of the recorded runs in `runDirs` to `file`; returns `reportProblems` of it. */
export function writeReport(file: string, runDirs: readonly string[], options?: ReportOptions): string[] {
  const records = runDirs.map((dir) => readRun(dir)).filter((r) => r !== null);
  const messages = reportMessages(records, options);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, reportHtml(messages, qualityTableHtml(records)));
  return reportProblems(messages);
}
