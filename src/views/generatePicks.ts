/**
 * The questions "Train on this CSV" and "New experiment…" ask about a generate run's model: which one
 * (the VAE or a GAN loss), the latent size, and the model's own settings (β for the VAE; critic steps,
 * the critic's rate and the clipping C or penalty weight λ for a GAN). Each answer is checked by the
 * config's own rules, so a quick pick accepts exactly what an experiment file would.
 */
import { resolveRunConfig } from '../core/config/resolve';
import { defaultConfig } from '../core/config/defaults';
import { LossLabError } from '../core/errors';
import { getLoss, lossesForTask } from '../core/losses';
import { DEFAULT_LATENT } from '../core/generate/family';
import type { GeneratorConfig } from '../core/experimentTemplate';

/** One line per generate model, as its pick shows it. */
const MODEL_TEXT: Readonly<Record<string, string>> = {
  vae: 'Variational autoencoder: reconstruction + β·KL, stable, smooth but blurrier rows',
  gan_minimax: 'The original GAN game; stalls once the discriminator wins',
  gan_nonsaturating: 'GAN with the non-saturating generator loss: strong gradients early on',
  lsgan: 'Least-squares GAN: squared error to the labels, steadier than the log-loss',
  hinge_gan: 'Hinge GAN: the discriminator only cares about rows inside the margin',
  wgan: 'Wasserstein GAN, critic weights clipped to [−C, C]: against mode collapse',
  wgan_gp: 'Wasserstein with gradient penalty, steadier training',
};

/** The models to pick from, the generate losses in registry order. */
export function modelItems(): { label: string; description: string; value: string }[] {
  return lossesForTask('generate').map((l) => ({ label: l.id, description: MODEL_TEXT[l.id] ?? l.title, value: l.id }));
}

export type SettingKey = 'latent' | 'beta' | 'criticSteps' | 'criticLr' | 'clip' | 'lambda';

export interface SettingQuestion {
  key: SettingKey;
  /** What the title says after the flow's name. */
  title: string;
  prompt: string;
  /** The answer prefilled: the remembered one, else the default. */
  value: string;
  /** One line naming the field and what to enter; null when the text is a valid answer. */
  validate(text: string): string | null;
}

const PROMPTS: Record<SettingKey, [title: string, prompt: string]> = {
  latent: ['latent size', 'Size of the latent code z ~ N(0, I), a whole number (for example 8)'],
  beta: ['VAE β', 'Weight of the KL term: 1 is the ELBO, above 1 a β-VAE (smoother latent space)'],
  criticSteps: ['critic steps', 'Critic (discriminator) updates per generator update, a whole number'],
  criticLr: ["critic's learning rate", "The critic's learning rate (prefilled: the run's)"],
  clip: ['clipping C', 'Every critic weight is clipped to [−C, C] after each update (for example 0.01)'],
  lambda: ['penalty λ', 'Weight λ of the gradient penalty (for example 10)'],
};

/** The settings asked after the model, in order: the latent size, then the model's own. */
export function settingKeys(model: string): SettingKey[] {
  if (model === 'vae') return ['latent', 'beta'];
  const own: SettingKey[] = model === 'wgan' ? ['clip'] : model === 'wgan_gp' ? ['lambda'] : [];
  return ['latent', 'criticSteps', ...own, 'criticLr'];
}

/** The raw config that `answers` make for `model` in a run at the rate `runLr`. */
export function generateConfig(
  model: string,
  answers: Readonly<Partial<Record<SettingKey, number>>>,
  runLr: number,
): GeneratorConfig {
  const loss: Record<string, unknown> & { name: string } = { name: model };
  for (const key of settingKeys(model))
    // The run's own rate is left implicit, so the critic follows it (in a sweep over the rate too).
    if (key !== 'latent' && answers[key] !== undefined && !(key === 'criticLr' && answers[key] === runLr))
      loss[key] = answers[key];
  return { model: { latent: answers.latent ?? DEFAULT_LATENT }, loss };
}

/** The answers a config from `generateConfig` holds, to prefill the questions next time. */
export function settingsOf(config: GeneratorConfig): Partial<Record<SettingKey, number>> {
  const answers: Record<string, unknown> = { latent: config.model.latent, ...config.loss };
  delete answers.name;
  return answers as Partial<Record<SettingKey, number>>;
}

/** The default of `key` for `model`: the loss's parameter default, the run's rate for the critic. */
function defaultOf(model: string, key: SettingKey, runLr: number): number {
  if (key === 'latent') return DEFAULT_LATENT;
  if (key === 'criticLr') return runLr;
  return getLoss(model).params.find((p) => p.name === key)?.default as number;
}

/** Checks one answer by resolving the config it makes; the message names the field (`loss.lambda`). */
function check(model: string, key: SettingKey, text: string, example: number): string | null {
  const x = answerValue(text);
  const field = key === 'latent' ? 'model.latent' : `loss.${key}`;
  if (text.trim() === '' || !Number.isFinite(x)) return `${field} must be a number, for example ${example}`;
  try {
    // NaN as the run's rate: every answer is written out, so every one is checked.
    resolveRunConfig(generateConfig(model, { [key]: x }, NaN), defaultConfig('data.csv'));
    return null;
  } catch (e) {
    if (e instanceof LossLabError) return e.message;
    throw e;
  }
}

/**
 * The questions for `model`'s settings, each prefilled with the remembered answer (when it is still
 * valid) or the default; the critic's rate defaults to the run's `runLr`.
 */
export function settingQuestions(
  model: string,
  runLr: number,
  remembered: Readonly<Partial<Record<SettingKey, number>>> = {},
): SettingQuestion[] {
  return settingKeys(model).map((key) => {
    const dflt = defaultOf(model, key, runLr);
    const validate = (text: string) => check(model, key, text, dflt);
    const last = remembered[key];
    const value = String(last !== undefined && validate(String(last)) === null ? last : dflt);
    const [title, prompt] = PROMPTS[key];
    return { key, title, prompt, value, validate };
  });
}

/** An accepted answer as its number. */
export function answerValue(text: string): number {
  return Number(text.trim());
}
