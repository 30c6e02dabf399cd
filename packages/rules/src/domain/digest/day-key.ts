/** A valid YYYY-MM-DD date as the number YYYYMMDD: the same order as the strings (validated dates only). */
export function dayKey(date: string): number {
  const d = (i: number): number => date.charCodeAt(i) - 48;
  return (((d(0) * 10 + d(1)) * 10 + d(2)) * 10 + d(3)) * 10000 + (d(5) * 10 + d(6)) * 100 + d(8) * 10 + d(9);
}
