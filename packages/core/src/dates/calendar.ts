/*
 * Calendar dates (YYYY-MM-DD) in China Standard Time. Dates are compared as calendar days, never as
 * instants, so no time zone arithmetic is needed: day numbers come from Date.UTC on the y/m/d parts.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01) of a valid YYYY-MM-DD date, or null. */
export function dayNumber(date: unknown): number | null {
  if (typeof date !== 'string') return null;
  const m = DATE.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / 86_400_000;
}

export function isCalendarDate(date: unknown): date is string {
  return dayNumber(date) !== null;
}

/** YYYY-MM-DD of a day number. */
export function fromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Days from a to b (b − a); null when either is not a date. */
export function daysBetween(a: unknown, b: unknown): number | null {
  const x = dayNumber(a);
  const y = dayNumber(b);
  return x === null || y === null ? null : y - x;
}

export function addDays(date: string, days: number): string {
  const n = dayNumber(date);
  if (n === null) throw new RangeError(`not a calendar date: ${date}`);
  return fromDayNumber(n + days);
}

/** Today's calendar date in China Standard Time (UTC+8, no daylight saving). */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
