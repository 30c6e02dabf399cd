/**
 * The package root. This file sits one level below it in src/, and so does the bundle in dist/,
 * so the same relative URL works in tests (sources) and in the built package.
 */
export function packageRoot(): URL {
  return new URL('../', import.meta.url);
}
