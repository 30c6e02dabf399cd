import type { JsonValue, UnitFact, UnitFactContext } from '@anquan/core';
import type { DistrictState } from '../state.js';

export type Ctx = UnitFactContext<DistrictState>;
export type DistrictFact = UnitFact<DistrictState>;

/** A unit fact with a Chinese label (and English for developers). */
export function fact(id: string, zh: string, en: string, type: DistrictFact['type'], compute: (ctx: Ctx) => JsonValue, description?: string): DistrictFact {
  return description === undefined ? { id, label: { 'zh-CN': zh, en }, type, compute } : { id, label: { 'zh-CN': zh, en }, type, compute, description };
}

export const inWindow = (date: unknown, ctx: Ctx): boolean => typeof date === 'string' && date >= ctx.window.from && date <= ctx.window.to;
export const onOrBefore = (date: unknown, limit: string): boolean => typeof date === 'string' && date <= limit;
export const str = (p: JsonValue | undefined): string | undefined => (typeof p === 'string' ? p : undefined);
