/** Stands in for src/report/html.ts in the HTML dispatch test. */
import type { EvaluationResult } from '@anquan/core';

export function renderHtmlReport(result: EvaluationResult, options: { lang: string }): string {
  return `<!doctype html><html lang="${options.lang}"><title>${result.year}</title><p>${result.decisions.length}</p></html>\n`;
}
