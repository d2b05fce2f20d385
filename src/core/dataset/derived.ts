/**
 * The feature columns a table column makes, by its kind. Most are used as they are; a boolean of text
 * becomes one 0/1 column (two one-hot columns would say the same twice); a date becomes three:
 * - `name (days)`: days since the earliest date, so a trend over time can be learnt (standardizing makes
 *   the origin irrelevant; the earliest date keeps the numbers readable);
 * - `name (weekday)` and `name (month)`, categorical: weekly and yearly cycles, which a number of days
 *   cannot express linearly, and which are not ordered quantities (Sunday is not "more" than Monday).
 */
import { MONTH_NAMES, WEEKDAY_NAMES, weekdayAndMonth } from '../csv/dates';
import type { CategoricalColumn, Column, ColumnInference, NumericColumn } from '../csv/types';
import type { FeatureColumn } from './select';

function numeric(name: string, values: Float64Array, missing: number): NumericColumn {
  return {
    name,
    kind: 'numeric',
    values,
    missing,
    invalid: { count: 0, firstLine: 0, firstValue: '' },
    invalidCells: { rows: new Int32Array(0), texts: [] },
  };
}

function dateFeatures(c: NumericColumn): FeatureColumn[] {
  const v = c.values;
  let earliest = Infinity;
  for (let r = 0; r < v.length; r++) if (v[r] < earliest) earliest = v[r];
  const days = Float64Array.from(v, (x) => x - earliest);
  const weekday = Int32Array.from(v, (x) => (x === x ? weekdayAndMonth(x).weekday : -1));
  const month = Int32Array.from(v, (x) => (x === x ? weekdayAndMonth(x).month : -1));
  const categories = (suffix: string, codes: Int32Array, levels: string[]): CategoricalColumn => ({
    name: `${c.name} (${suffix})`,
    kind: 'categorical',
    codes,
    levels,
    missing: c.missing,
  });
  return [
    numeric(`${c.name} (days)`, days, c.missing),
    categories('weekday', weekday, WEEKDAY_NAMES),
    categories('month', month, MONTH_NAMES),
  ];
}

export function featureColumns(c: Exclude<Column, { kind: 'constant' }>, inference: ColumnInference): FeatureColumn[] {
  if (inference.kind === 'date' && c.kind === 'numeric') return [dateFeatures(c)].flat();
  if (inference.kind === 'boolean' && c.kind === 'categorical') {
    const truth = c.levels.map((t) => (inference.trueLevels ?? []).includes(t));
    return [
      numeric(
        c.name,
        Float64Array.from(c.codes, (k) => (k < 0 ? NaN : truth[k] ? 1 : 0)),
        c.missing,
      ),
    ];
  }
  return [c];
}
