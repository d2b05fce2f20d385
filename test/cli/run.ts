/** Runs the built CLI (dist/cli.js, made by `npm run build`) as a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { outcomeJson } from '../../src/cli/train';
import { fixturePath } from '../core/fixtures';

export const CLI = fixturePath(join('dist', 'cli.js'), '.');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function losslab(args: string[], cwd?: string): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The JSON object on the last line of stdout. */
export function lastJson<T = RunJson>(r: CliResult): T {
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** `losslab train --json`. */
export type RunJson = ReturnType<typeof outcomeJson>;

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'losslab-test-'));
}

/** Writes `files` (name → content) into a fresh temporary folder and returns it. */
export function workspace(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

export function dataset(name: string): string {
  return fixturePath(name, join('test', 'data'));
}
