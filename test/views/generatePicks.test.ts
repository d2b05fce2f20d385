import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { lossesForTask } from '../../src/core/losses';
import {
  type SettingKey,
  answerValue,
  generateConfig,
  modelItems,
  settingQuestions,
  settingsOf,
} from '../../src/views/generatePicks';

/** The flow's answers: each text checked as the input box checks it, then the config they make, resolved. */
function answer(model: string, runLr: number, texts: Partial<Record<SettingKey, string>>) {
  const answers: Partial<Record<SettingKey, number>> = {};
  for (const q of settingQuestions(model, runLr)) {
    const text = texts[q.key] ?? q.value;
    assert.equal(q.validate(text), null, `${model} ${q.key} = ${text}`);
    answers[q.key] = answerValue(text);
  }
  const raw = generateConfig(model, answers, runLr);
  const base = defaultConfig('data.csv');
  return resolveRunConfig({ data: { task: 'generate' }, ...raw, optimizer: { name: 'adam', lr: runLr } }, base);
}

test('the model pick lists every generate loss, each with one line saying what it is', () => {
  const items = modelItems();
  assert.deepEqual(
    items.map((i) => i.value),
    ['vae', 'gan_minimax', 'gan_nonsaturating', 'lsgan', 'hinge_gan', 'wgan', 'wgan_gp'],
  );
  assert.deepEqual(
    items.map((i) => i.value),
    lossesForTask('generate').map((l) => l.id),
  );
  for (const item of items) {
    assert.equal(item.label, item.value);
    assert.ok(item.description.length > 20 && item.description.length < 90, item.description);
    assert.ok(!item.description.includes('\n'));
  }
  assert.equal(
    items.find((i) => i.value === 'wgan_gp')?.description,
    'Wasserstein with gradient penalty, steadier training',
  );
});

test("each model asks its own settings, prefilled with the documented defaults and the run's rate", () => {
  // Defaults from the README's GAN and VAE sections: latent 8, β 1, 1 critic step (5 for wgan and wgan_gp),
  // C = 0.01, λ = 10, the critic at the run's rate.
  const asked = (model: string) => settingQuestions(model, 0.002).map((q) => [q.key, q.value]);
  assert.deepEqual(asked('vae'), [
    ['latent', '8'],
    ['beta', '1'],
  ]);
  for (const gan of ['gan_minimax', 'gan_nonsaturating', 'lsgan', 'hinge_gan'])
    assert.deepEqual(asked(gan), [
      ['latent', '8'],
      ['criticSteps', '1'],
      ['criticLr', '0.002'],
    ]);
  assert.deepEqual(asked('wgan'), [
    ['latent', '8'],
    ['criticSteps', '5'],
    ['clip', '0.01'],
    ['criticLr', '0.002'],
  ]);
  assert.deepEqual(asked('wgan_gp'), [
    ['latent', '8'],
    ['criticSteps', '5'],
    ['lambda', '10'],
    ['criticLr', '0.002'],
  ]);
});

test('the answers become the run config', () => {
  const gp = answer('wgan_gp', 0.01, { latent: '4', criticSteps: '3', lambda: ' 5 ', criticLr: '1e-3' });
  assert.equal(gp.model.latent, 4);
  assert.deepEqual(gp.loss, { name: 'wgan_gp', criticSteps: 3, lambda: 5, criticOptimizer: null, criticLr: 0.001 });

  const clipped = answer('wgan', 0.01, { clip: '0.05' });
  assert.deepEqual(clipped.loss, { name: 'wgan', criticSteps: 5, clip: 0.05, criticOptimizer: null, criticLr: null });
  assert.equal(clipped.model.latent, 8);

  const vae = answer('vae', 0.01, { latent: '2', beta: '0.5' });
  assert.deepEqual([vae.model.latent, vae.loss], [2, { name: 'vae', beta: 0.5 }]);

  // The critic's rate left at the run's is not written: the critic follows the run's rate (null resolved).
  const ns = answer('gan_nonsaturating', 0.0005, { criticSteps: '2' });
  assert.deepEqual(ns.loss, { name: 'gan_nonsaturating', criticSteps: 2, criticOptimizer: null, criticLr: null });
  assert.deepEqual(generateConfig('hinge_gan', { latent: 8, criticSteps: 1, criticLr: 0.01 }, 0.01), {
    model: { latent: 8 },
    loss: { name: 'hinge_gan', criticSteps: 1 },
  });
});

test('a bad answer is refused in one line naming the field', () => {
  const message = (model: string, key: SettingKey, text: string) =>
    settingQuestions(model, 0.01)
      .find((q) => q.key === key)
      ?.validate(text);
  const cases: [string, SettingKey, string, RegExp][] = [
    ['vae', 'latent', '0', /^model\.latent .*1/],
    ['vae', 'latent', '2.5', /^model\.latent must be an integer/],
    ['gan_minimax', 'latent', 'eight', /^model\.latent must be a number, for example 8$/],
    ['vae', 'beta', '-1', /^loss\.beta must be in \[0, inf\), got -1$/],
    ['vae', 'beta', '', /^loss\.beta must be a number, for example 1$/],
    ['lsgan', 'criticSteps', '0', /^loss\.criticSteps must be in \[1, inf\), got 0$/],
    ['wgan_gp', 'criticSteps', '1.5', /^loss\.criticSteps must be an integer, got 1\.5$/],
    ['wgan', 'clip', '0', /^loss\.clip must be in \(0, inf\), got 0$/],
    ['wgan_gp', 'lambda', '-0.1', /^loss\.lambda must be in \[0, inf\), got -0\.1$/],
    ['hinge_gan', 'criticLr', '0', /^loss\.criticLr must be in \(0, inf\), got 0$/],
    ['hinge_gan', 'criticLr', 'Infinity', /^loss\.criticLr must be a number, for example 0\.01$/],
  ];
  for (const [model, key, text, expected] of cases) {
    const m = message(model, key, text);
    assert.match(m ?? '', expected, `${model} ${key} = ${JSON.stringify(text)}: ${m}`);
    assert.ok(!m?.includes('\n'));
  }
  // The edges a user may type are accepted: λ = 0 (no penalty), β = 0, one critic step.
  assert.equal(message('wgan_gp', 'lambda', '0'), null);
  assert.equal(message('vae', 'beta', '0'), null);
  assert.equal(message('wgan', 'criticSteps', '1'), null);
});

test('the last answers are prefilled next time, unless no longer valid', () => {
  const config = generateConfig('wgan_gp', { latent: 16, criticSteps: 2, lambda: 1, criticLr: 0.003 }, 0.01);
  assert.deepEqual(settingsOf(config), { latent: 16, criticSteps: 2, lambda: 1, criticLr: 0.003 });
  assert.deepEqual(
    settingQuestions('wgan_gp', 0.01, settingsOf(config)).map((q) => q.value),
    ['16', '2', '1', '0.003'],
  );
  // A rate left at the run's is not remembered: next time it follows the new run's rate.
  const followed = settingsOf(
    generateConfig('wgan_gp', { latent: 8, criticSteps: 5, lambda: 10, criticLr: 0.01 }, 0.01),
  );
  assert.equal(settingQuestions('wgan_gp', 0.02, followed)[3].value, '0.02');
  assert.deepEqual(
    settingQuestions('vae', 0.01, { latent: 0, beta: 2 }).map((q) => q.value),
    ['8', '2'],
  );
});
