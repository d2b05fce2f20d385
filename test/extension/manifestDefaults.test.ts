import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SMOOTHING } from '../../src/core/smoothing';
import { DEFAULT_RUNS_DIR } from '../../src/core/store/records';
import { MAX_SMOOTHING } from '../../webview/smoothing';

interface Setting {
  default: unknown;
  maximum?: number;
  scope?: string;
}

test("the settings' defaults in package.json are the ones the code falls back to", () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Setting> } };
  };
  const settings = manifest.contributes.configuration.properties;
  assert.equal(settings['lossLab.runsDirectory'].default, DEFAULT_RUNS_DIR);
  assert.equal(settings['lossLab.smoothing'].default, DEFAULT_SMOOTHING);
  assert.equal(settings['lossLab.smoothing'].maximum, MAX_SMOOTHING);
});

test('lossLab.redisUrl is machine-scoped and restricted: a workspace cannot send runs to a Redis it names', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Setting> } };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  const setting = manifest.contributes.configuration.properties['lossLab.redisUrl'];
  assert.equal(setting.default, '');
  assert.equal(setting.scope, 'machine');
  assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('lossLab.redisUrl'));
});
