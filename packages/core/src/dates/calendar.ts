/*
 * Calendar dates (YYYY-MM-DD) in China Standard Time. Dates are compared as calendar days, never as
 * instants, so no time zone arithmetic is needed: day numbers come from Date.UTC on the y/m/d parts.
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Day number (days since 1970-01-01) of a valid YYYY-MM-DD date, or null. Exactly what
 * `Date.UTC(y, m − 1, d) / 86 400 000` gives for dates that round-trip through Date — including
 * Date.UTC's reading of years 0–99 as 1900–1999, which makes years 0000–0099 invalid — computed
 * with integer arithmetic (this runs for every date of every record; the Date round trip was ten
 * times slower).
 */
export function dayNumber(date: unknown): number | null {
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return null;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = date.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    y = y * 10 + c;
  }
  const m1 = date.charCodeAt(5) - 48;
  const m2 = date.charCodeAt(6) - 48;
  const d1 = date.charCodeAt(8) - 48;
  const d2 = date.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (y < 100 || m < 1 || m > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number))) return null;
  // Days from the civil date (H. Hinnant's algorithm, proleptic Gregorian as Date is).
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
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
