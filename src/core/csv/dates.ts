/**
 * Dates as people write them, each read as days since 1970-01-01 (UTC, a time of day as the fraction):
 * ISO `2023-05-05` (`T` or a space before a time, `Z` allowed), `05.05.2023`, `19-Sep-03` / `19-Sep-2003`,
 * and `05/13/2023` or `13/05/2023`. Slashes are month first or day first per column, never guessed: a
 * column where no day exceeds 12 is ambiguous and is not taken for dates.
 */

/** The order of a slash date's first two numbers. */
export type SlashOrder = 'mdy' | 'dmy';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MS_PER_DAY = 86_400_000;

const TIME = String.raw`(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|[+-]00:?00)?)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`);
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME}$`);
const SLASHED = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`);
const NAMED = new RegExp(String.raw`^(\d{1,2})[- ]([A-Za-z]{3})[- ](\d{2}|\d{4})${TIME}$`);

/** A two-digit year as C's strptime (and pandas) reads `%y`: 69–99 are 19xx, 00–68 are 20xx. */
function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 4 ? n : n >= 69 ? 1900 + n : 2000 + n;
}

/** Days since 1970-01-01 of a valid calendar date and time, else NaN (31.02. is not a date). */
function days(year: number, month: number, day: number, m: RegExpMatchArray, timeAt: number): number {
  const [h, min, sec, frac] = [m[timeAt], m[timeAt + 1], m[timeAt + 2], m[timeAt + 3]];
  const hours = h === undefined ? 0 : Number(h);
  const minutes = min === undefined ? 0 : Number(min);
  const seconds = sec === undefined ? 0 : Number(sec);
  if (month < 1 || month > 12 || day < 1 || hours > 23 || minutes > 59 || seconds > 59) return NaN;
  const ms =
    Date.UTC(year, month - 1, day, hours, minutes, seconds) + (frac === undefined ? 0 : Number(`0.${frac}`) * 1000);
  const d = new Date(ms);
  // Date.UTC rolls 31 February over into March: a date that does not round-trip does not exist.
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month - 1) return NaN;
  return ms / MS_PER_DAY;
}

/** Days since 1970-01-01 of a trimmed cell, NaN when it is not a date; `slash` orders slash dates. */
export function parseDate(s: string, slash: SlashOrder | null): number {
  let m = ISO.exec(s);
  if (m) return days(Number(m[1]), Number(m[2]), Number(m[3]), m, 4);
  m = DOTTED.exec(s);
  if (m) return days(Number(m[3]), Number(m[2]), Number(m[1]), m, 4);
  m = NAMED.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[2].toLowerCase()) + 1;
    return month === 0 ? NaN : days(fullYear(m[3]), month, Number(m[1]), m, 4);
  }
  m = SLASHED.exec(s);
  if (m && slash !== null) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return slash === 'mdy' ? days(Number(m[3]), a, b, m, 4) : days(Number(m[3]), b, a, m, 4);
  }
  return NaN;
}

/**
 * How a column's slash dates are ordered: `dmy` when a first number exceeds 12, `mdy` when a second one
 * does, null when neither (ambiguous) or both (not dates). `ambiguous` tells the first case apart.
 */
export function slashOrder(values: readonly string[]): { order: SlashOrder | null; ambiguous: boolean } {
  let firstOver = false;
  let secondOver = false;
  let any = false;
  for (const v of values) {
    const m = SLASHED.exec(v);
    if (!m) continue;
    any = true;
    if (Number(m[1]) > 12) firstOver = true;
    if (Number(m[2]) > 12) secondOver = true;
  }
  if (firstOver !== secondOver) return { order: firstOver ? 'dmy' : 'mdy', ambiguous: false };
  return { order: null, ambiguous: any && !firstOver };
}

/** Day of the week (0 Monday … 6 Sunday) and month (0 January … 11) of a day count. */
export function weekdayAndMonth(dayCount: number): { weekday: number; month: number } {
  const d = new Date(Math.floor(dayCount) * MS_PER_DAY);
  return { weekday: (d.getUTCDay() + 6) % 7, month: d.getUTCMonth() };
}

export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
