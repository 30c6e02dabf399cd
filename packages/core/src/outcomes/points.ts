/*
 * Scores are kept in integer hundredths of a point ("centi-points") so that sums are exact and
 * the same on every path and platform.
 */
export const toCenti = (points: number): number => Math.round(points * 100);
export const fromCenti = (centi: number): number => centi / 100;

/** Round half up (towards +∞ at .5) of a/b for integers, b > 0. */
export function divRoundHalfUp(a: number, b: number): number {
  return Math.floor((2 * a + b) / (2 * b));
}

/** A count fact as a non-negative integer (anything else counts as 0), capped at max. */
export function asCount(value: unknown, max?: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : typeof value === 'boolean' ? (value ? 1 : 0) : Array.isArray(value) ? value.length : 0;
  return max === undefined ? n : Math.min(n, max);
}
