/**
 * The `pretrain` section and `data.labelFraction`: contrastive pretraining on the training rows without
 * their labels, then the supervised phase on (a fraction of) the labels. Defaults are SCARF's (Bahri et
 * al. 2022): corruption rate 0.6, temperature 1.
 */
import { boolean, fail, number, object, oneOf, onlyKeys } from './fields';
import type { PretrainConfig } from './types';

export const PRETRAIN_METHODS = ['info_nce'] as const;

export const PRETRAIN_DEFAULTS: Omit<PretrainConfig, 'method'> = {
  epochs: 20,
  corruption: 0.6,
  temperature: 1,
  probe: false,
};

export const PRETRAIN_KEYS = ['method', 'epochs', 'corruption', 'temperature', 'probe'] as const;

/** `"info_nce"` or `{"method": "info_nce", ...}` over `base` (an experiment's shared section, or none). */
export function resolvePretrain(v: unknown, base: PretrainConfig | undefined): PretrainConfig | undefined {
  if (v === null) return undefined;
  const o = typeof v === 'string' ? { method: v } : object(v, 'pretrain');
  onlyKeys(o, PRETRAIN_KEYS, 'pretrain');
  const method = o.method ?? base?.method;
  if (method === undefined)
    fail(
      'pretrain.method',
      'is required to pretrain: info_nce (--pretrain info_nce), or leave out the pretrain settings',
    );
  const out: PretrainConfig = {
    ...PRETRAIN_DEFAULTS,
    ...base,
    method: oneOf(method, PRETRAIN_METHODS, 'pretrain.method'),
  };
  if (o.epochs !== undefined) out.epochs = number(o.epochs, 'pretrain.epochs', { integer: true, min: 1, max: 1e6 });
  if (o.corruption !== undefined)
    out.corruption = number(o.corruption, 'pretrain.corruption', { min: 0, max: 1, maxExclusive: true });
  if (o.temperature !== undefined)
    out.temperature = number(o.temperature, 'pretrain.temperature', { min: 0, minExclusive: true });
  if (o.probe !== undefined) out.probe = boolean(o.probe, 'pretrain.probe');
  return out;
}

export function labelFraction(v: unknown): number {
  return number(v, 'data.labelFraction', { min: 0, max: 1, minExclusive: true });
}
