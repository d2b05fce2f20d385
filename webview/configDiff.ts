/** Which settings tell the compared runs apart, for the summary table's highlighted columns. */

export type ConfigValue = string | number | boolean | null;
export type FlatConfig = Readonly<Record<string, ConfigValue>>;

function same(a: ConfigValue | undefined, b: ConfigValue | undefined): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

/**
 * Keys whose value is not the same in every config, in the order they first appear (the config's own
 * order: data, model, loss, optimizer, …). A key that some configs lack counts as differing. One config
 * (or none) has nothing to compare against, so no key differs.
 */
export function differingKeys(configs: readonly FlatConfig[]): string[] {
  if (configs.length < 2) return [];
  const keys = new Set<string>();
  for (const c of configs) for (const k of Object.keys(c)) keys.add(k);
  return [...keys].filter((k) => configs.some((c) => !Object.hasOwn(c, k) || !same(c[k], configs[0][k])));
}

/** A config value as the table shows it; a missing key reads as an em dash. */
export function configText(v: ConfigValue | undefined): string {
  if (v === undefined || v === null) return '—';
  return typeof v === 'string' ? v : String(v);
}
