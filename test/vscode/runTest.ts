/**
 * `npm run test:vscode`: the integration suite inside a real VS Code downloaded by @vscode/test-electron.
 * It needs to reach Microsoft's update server to download VS Code; machines without that access run the
 * code-server suite instead (`npm run test:e2e`).
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..', '..');
  const workspace = mkdtempSync(join(tmpdir(), 'losslab-vscode-'));
  cpSync(join(root, 'test', 'data', 'iris.csv'), join(workspace, 'iris.csv'));
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(__dirname, 'suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
