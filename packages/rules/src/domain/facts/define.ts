import type { JsonValue, ParamSchemas, UnitFact, UnitFactContext } from '@anquan/core';
import type { District } from '../state.js';

/** What a district fact sees: its `state` is the evaluation's District (made by the domain's `prepare`). */
export type Ctx = UnitFactContext<District>;
export type DistrictFact = UnitFact<District>;

/**
 * A unit fact with a Chinese label (and English for developers). `params`: the parameters it takes,
 * checked when a rule set is loaded; none unless given, so every district fact has a schema.
 */
export function fact(id: string, zh: string, en: string, type: DistrictFact['type'], compute: (ctx: Ctx) => JsonValue, description?: string, params: ParamSchemas = {}): DistrictFact {
  return description === undefined ? { id, label: { 'zh-CN': zh, en }, type, params, compute } : { id, label: { 'zh-CN': zh, en }, type, params, compute, description };
}

export const str = (p: JsonValue | undefined): string | undefined => (typeof p === 'string' ? p : undefined);
