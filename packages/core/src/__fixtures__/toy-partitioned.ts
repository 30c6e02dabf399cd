import { createEngine, defineDomain, type AnquanEngine, type FactRecord, type PreparedInput } from '../index.js';
import { loadToy, toyDomain } from './toy.js';

/** What the towns read of a unit's accidents (graded): from records, or from the digest of parts. */
type Folded = Record<string, Array<{ occurredOn: string; grade: string; deaths: number }>>;

function fold(input: PreparedInput): Folded {
  const out: Folded = {};
  for (const a of input.records.accidents ?? []) (out[a.unitId] ??= []).push({ occurredOn: a.occurredOn as string, grade: String(a.grade), deaths: a.deaths as number });
  return out;
}

const of = (state: Folded, unitId: string) => state[unitId] ?? [];

/**
 * The toy domain made partitionable: enterprises are local (decided from their own records), towns
 * answer for the enterprises whose `town` names them, and a digest carries what a town reads of its
 * own accidents — so core's planner and stream can decide towns without their records.
 */
export const partitionedToyDomain = defineDomain<Folded, Folded>({
  ...(toyDomain as unknown as Parameters<typeof defineDomain<Folded, Folded>>[0]),
  id: 'toy-partitioned',
  facts: [
    { id: 'accidents', label: { 'zh-CN': '事故起数', en: 'accidents' }, type: 'number', compute: ({ unit, state, window }) => of(state, unit.id).filter((a) => a.occurredOn >= window.from && a.occurredOn <= window.to).length },
    { id: 'serious_accidents', label: { 'zh-CN': '较大事故起数', en: 'serious accidents' }, type: 'number', compute: ({ unit, state }) => of(state, unit.id).filter((a) => a.grade === 'larger').length },
    { id: 'deaths', label: { 'zh-CN': '死亡人数', en: 'deaths' }, type: 'number', compute: ({ unit, state }) => of(state, unit.id).reduce((n, a) => n + a.deaths, 0) },
    { id: 'merit', label: { 'zh-CN': '业绩', en: 'merit' }, type: 'number', compute: ({ unit }) => (typeof unit.merit === 'number' ? unit.merit : 0) },
  ],
  partition: { localKinds: ['enterprise'], ownerFields: ['town'] },
  prepare: (input, digest) => {
    const own = fold(input);
    if (!digest) return own;
    const merged: Folded = { ...digest };
    for (const [id, list] of Object.entries(own)) merged[id] = [...(merged[id] ?? []), ...list];
    return merged;
  },
  digest: {
    of: (input) => fold(input),
    merge: (parts) => {
      const out: Folded = {};
      for (const part of parts) for (const [id, list] of Object.entries(part)) (out[id] ??= []).push(...list);
      return out;
    },
  },
});

export function partitionedToyEngine(): AnquanEngine {
  const made = createEngine({ domain: partitionedToyDomain, ruleSets: loadToy(), mode: 'compiled' });
  if (!made.ok) throw new Error(JSON.stringify(made.issues));
  return made.engine;
}

/** Towns and `n` enterprises with accidents (some larger: a vetoed town), a bad record and a repeated id. */
export function partitionedToyFacts(n: number): { period: { year: number }; units: Array<Record<string, unknown>>; accidents: FactRecord[] } {
  const units: Array<Record<string, unknown>> = [
    { id: 't1', kind: 'town', name: '甲镇' },
    { id: 't2', kind: 'town', name: '乙镇' },
  ];
  const accidents: FactRecord[] = [{ id: 'a-t1', unitId: 't1', occurredOn: '2021-03-01', deaths: 3 }];
  for (let i = 0; i < n; i++) {
    const id = `e${String(i).padStart(3, '0')}`;
    units.push({ id, kind: 'enterprise', name: `厂${i}`, town: i % 3 === 0 ? 't1' : 't2', merit: (i * 7) % 5 });
    if (i % 4 === 1) accidents.push({ id: `a-${id}`, unitId: id, occurredOn: i % 8 === 1 ? '2021-05-02' : '2021-09-09', deaths: i % 3 });
  }
  accidents.push({ id: 'a-t2', unitId: 't2', occurredOn: '2021-07-01', deaths: 1 });
  accidents.push({ id: 'a-bad', unitId: 'e002', occurredOn: '2021-13-01', deaths: -1 });
  accidents.push({ id: 'a-e001', unitId: 'e005', occurredOn: '2021-06-01', deaths: 0 });
  return { period: { year: 2021 }, units, accidents };
}
