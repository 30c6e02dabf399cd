import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineDomain, type FactRecord, type UnitRecord } from './domain.js';
import { extendDomain } from './extend-domain.js';

const record = z.object({ id: z.string(), unitId: z.string() }) as unknown as z.ZodType<FactRecord>;
const base = defineDomain<{ n: number }>({
  id: 'law',
  title: { 'zh-CN': '法律', en: 'law' },
  unitKinds: [{ id: 'enterprise', label: { 'zh-CN': '企业', en: 'enterprise' } }],
  unitSchema: z.object({ id: z.string(), kind: z.string(), name: z.string() }) as unknown as z.ZodType<UnitRecord>,
  collections: { hazards: { label: { 'zh-CN': '隐患', en: 'hazards' }, schema: record } },
  facts: [{ id: 'hazards', label: { 'zh-CN': '隐患数', en: 'hazards' }, type: 'number', compute: ({ state }) => state.n }],
  prepare: () => ({ n: 1 }),
});

describe('extendDomain', () => {
  it('adds unit kinds, collections and facts and keeps the base state', () => {
    const d = extendDomain(base, {
      id: 'district',
      title: { 'zh-CN': '某区', en: 'a district' },
      unitKinds: [{ id: 'town', label: { 'zh-CN': '镇', en: 'town' } }],
      collections: { tasks: { label: { 'zh-CN': '任务', en: 'tasks' }, schema: record } },
      facts: [{ id: 'twice', label: { 'zh-CN': '两倍', en: 'twice' }, type: 'number', compute: ({ fact }) => Number(fact('hazards')) * 2 }],
    });
    expect({ id: d.id, kinds: d.unitKinds.map((k) => k.id), collections: Object.keys(d.collections), facts: d.facts.map((f) => f.id) }).toEqual({ id: 'district', kinds: ['enterprise', 'town'], collections: ['hazards', 'tasks'], facts: ['hazards', 'twice'] });
    expect(d.prepare).toBe(base.prepare);
    expect(base.facts.map((f) => f.id)).toEqual(['hazards']);
  });

  it('refuses an id the base already has, naming every clash', () => {
    const again = { id: 'hazards', label: { 'zh-CN': '隐患', en: 'hazards' }, type: 'number' as const, compute: () => 0 };
    expect(() => extendDomain(base, { id: 'x', title: base.title, facts: [again], unitKinds: base.unitKinds })).toThrow('extendDomain("x"): law already has unit kind "enterprise", fact "hazards"');
    expect(() => extendDomain(base, { id: 'x', title: base.title, collections: { hazards: base.collections.hazards! } })).toThrow('collection "hazards"');
  });
});
