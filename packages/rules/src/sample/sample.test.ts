import { readFileSync } from 'node:fs';
import type { Decision, EvaluationResult } from '@anquan/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { factsDocumentSchema, type FactsDocument } from '../model/schemas.js';
import { packageRoot } from '../package-root.js';
import { loadResponsibility } from '../responsibility/responsibility.js';
import { createDistrictEngine, type DistrictEngineOptions } from '../rulesets.js';
import { DEPARTMENT_UNITS, DISTRICT_UNITS, TERRITORIAL_UNITS, generateDistrict, sampleDistrict, sampleDistrictJson, SAMPLE_SCHEMA_REF } from './index.js';

function engine(options: DistrictEngineOptions = {}) {
  const r = createDistrictEngine(options);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.file} ${i.pointer} ${i.message.en}`).join('\n'));
  return r.engine;
}

async function evaluate(facts: FactsDocument, trace = false): Promise<EvaluationResult> {
  const res = await engine().evaluate(facts, { trace });
  if (!res.ok) throw new Error(`${res.error.message}: ${JSON.stringify(res.issues.slice(0, 3))}`);
  return res.result;
}

const COLLECTIONS = ['accidents', 'hazards', 'orders', 'penalties', 'violations', 'production', 'activities', 'inspections', 'tasks', 'reports', 'achievements'] as const;
const DATE_FIELDS = ['occurredOn', 'foundOn', 'deadline', 'rectifiedOn', 'listedOn', 'issuedOn', 'refusedOn', 'liftedOn', 'decidedOn', 'date', 'reinspectedOn', 'due', 'completedOn', 'receivedOn', 'paidOn'];

/** Every date of every record lies in the document's year. */
function datesOutsideYear(doc: FactsDocument): string[] {
  const bad: string[] = [];
  for (const c of COLLECTIONS) {
    for (const r of (doc[c] ?? []) as Array<Record<string, unknown>>) {
      for (const f of DATE_FIELDS) {
        const v = r[f];
        if (typeof v === 'string' && !v.startsWith(`${doc.period.year}-`)) bad.push(`${c}/${String(r.id)}/${f}=${v}`);
      }
      if (typeof r.month === 'string' && !r.month.startsWith(`${doc.period.year}-`)) bad.push(`${c}/${String(r.id)}/month`);
    }
  }
  return bad;
}

describe('district units', () => {
  it('has the seven towns and streets, the two zones, and every department of responsibility.json', () => {
    expect(TERRITORIAL_UNITS.map((u) => u.name)).toEqual(['坛山街道', '吴林街道', '古邵镇', '阴平镇', '底阁镇', '榴园镇', '峨山镇', '峄城经济开发区', '峄城化工产业园']);
    const depts = new Set(DEPARTMENT_UNITS.map((u) => u.id));
    for (const ids of Object.values(loadResponsibility().industries)) for (const id of ids) expect(depts.has(id), id).toBe(true);
    expect(new Set(DISTRICT_UNITS.map((u) => u.id)).size).toBe(DISTRICT_UNITS.length);
  });
});

describe('generateDistrict', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateDistrict({ seed: 42, enterprises: 400 });
    expect(generateDistrict({ seed: 42, enterprises: 400 })).toEqual(a);
    expect(JSON.stringify(generateDistrict({ seed: 43, enterprises: 400 }))).not.toBe(JSON.stringify(a));
    expect(a.units.filter((u) => u.kind === 'enterprise')).toHaveLength(400);
  });

  it('spreads enterprises over industries and places chemical-park enterprises with a host town', () => {
    const doc = generateDistrict({ seed: 7, enterprises: 5000 });
    const enterprises = doc.units.filter((u) => u.kind === 'enterprise');
    const industries = new Set(enterprises.map((u) => u.industry));
    expect(industries.size).toBeGreaterThanOrEqual(11);
    const park = enterprises.filter((u) => u.jurisdiction === 'zone-chem-park');
    expect(park.length).toBeGreaterThan(0);
    expect(park.every((u) => u.industry === 'hazardous_chemicals' && u.hostTown === 'town-gushao')).toBe(true);
    for (const u of enterprises.filter((e) => e.industry === 'coal_mine')) expect(u.approvedCapacityTons).toBeGreaterThan(0);
    expect(datesOutsideYear(doc)).toEqual([]);
  });

  it('produces valid facts that evaluate without input issues (property, several seeds and sizes)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 0, max: 400 }), async (seed, enterprises) => {
        const doc = generateDistrict({ seed, enterprises });
        expect(factsDocumentSchema.safeParse(doc).success).toBe(true);
        expect(datesOutsideYear(doc)).toEqual([]);
        const result = await evaluate(doc);
        expect(result.issues).toEqual([]);
        expect(result.decisions).toHaveLength(doc.units.length);
      }),
      { numRuns: 6 },
    );
  });

  it('generates other years with valid calendar dates (leap year)', () => {
    const doc = generateDistrict({ seed: 5, enterprises: 300, year: 2024 });
    expect(factsDocumentSchema.safeParse(doc).success).toBe(true);
    expect(datesOutsideYear(doc)).toEqual([]);
  });

  it('10,000 enterprises validate and evaluate in compiled mode without issues', () => {
    const doc = generateDistrict({ seed: 10_000, enterprises: 10_000 });
    expect(factsDocumentSchema.safeParse(doc).success).toBe(true);
    const e = engine({ mode: 'compiled' });
    expect(e.mode).toBe('compiled');
    const res = e.evaluateSync(doc);
    if (!res.ok) throw res.error;
    expect(res.result.issues).toEqual([]);
    expect(res.result.decisions).toHaveLength(doc.units.length);
  });
});

describe('the bundled sample', () => {
  let doc: FactsDocument;
  let result: EvaluationResult;
  let byId: Map<string, Decision>;
  beforeAll(async () => {
    doc = sampleDistrict();
    result = await evaluate(doc, true);
    byId = new Map(result.decisions.map((d) => [d.unitId, d]));
  });
  const unit = (id: string): Decision => {
    const d = byId.get(id);
    if (!d) throw new Error(`no decision for ${id}`);
    return d;
  };

  it('is valid and has no input issues', () => {
    expect(factsDocumentSchema.safeParse(doc).success).toBe(true);
    expect(result.issues).toEqual([]);
    expect(datesOutsideYear(doc)).toEqual([]);
    for (const u of DISTRICT_UNITS) expect(byId.has(u.id), u.id).toBe(true);
  });

  it('makes every rule of every bundled rule set fire at least once', () => {
    const fired = new Set<string>();
    for (const d of result.decisions) {
      for (const t of d.trace ?? []) if (t.fired) fired.add(`${t.ruleSetId}/${t.ruleId}`);
      for (const r of [...(d.assessment?.overrides ?? []), ...(d.reward?.exclusions ?? [])]) fired.add(`${r.ruleSetId}/${r.ruleId}`);
    }
    const recordSets = new Map(engine().documents.filter((d) => d.kind === 'classification' || d.kind === 'amount').map((d) => [(d as { subject: string }).subject, d.id]));
    for (const [collection, list] of Object.entries(result.records)) {
      for (const r of list) {
        if (r.ruleId !== null) fired.add(`${recordSets.get(collection) ?? collection}/${r.ruleId}`);
        for (const t of r.trace ?? []) if (t.fired) fired.add(`${t.ruleSetId}/${t.ruleId}`);
      }
    }
    const all = engine().documents.flatMap((d) => (d.kind === 'composition' ? d.effects.map((e) => `${d.id}/${e.id}`) : (d.rules as ReadonlyArray<{ id: string }>).map((r) => `${d.id}/${r.id}`)));
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter((id) => !fired.has(id))).toEqual([]);
  });

  it('grades accidents of every grade and pays whistleblowers at every floor and cap', () => {
    const grades = new Set(result.records.accidents?.map((a) => a.class));
    expect([...grades].sort()).toEqual(['especially_major', 'general', 'larger', 'major']);
    const amounts = (result.records.reports ?? []).map((r) => `${r.ruleId}:${r.amountYuan}`);
    for (const a of ['not-verified:0', 'concealed-deaths-unstated:0', 'concealed-general:30000', 'concealed-larger:80000', 'concealed-major:100000', 'concealed-especially-major:500000', 'major-hazard-or-illegal:500000', 'major-hazard-or-illegal:5000', 'general-hazard:5000', 'general-hazard:500']) {
      expect(amounts, a).toContain(a);
    }
  });

  it('takes every enforcement action, citing the law in force on the day', () => {
    const actions = result.decisions.flatMap((d) => (d.enforcement?.actions ?? []).map((a) => ({ unit: d.unitId, ...a })));
    const find = (code: string, ruleId?: string) => actions.filter((a) => a.code === code && (ruleId === undefined || a.ruleId === ruleId));
    const cut = (article: string) => find('CUT_POWER_SUPPLY').find((a) => a.basis?.article.startsWith(article));
    // Refused on or after 2021-09-01: 《安全生产法》(2021) 第七十条, 24 hours' written notice.
    expect(cut('第七十条')?.basis?.on ?? '').toMatch(/^2021-(09|1[0-2])-/);
    expect(cut('第七十条')?.noticeHours).toBe(24);
    expect(cut('第七十条')?.writtenNotice).toBe(true);
    // Refused before: the 2014 text, 第六十七条.
    expect((cut('第六十七条')?.basis?.on ?? '9999') < '2021-09-01').toBe(true);
    expect(find('DAILY_PENALTY')[0]?.basis?.article).toContain('第一百一十二条');
    for (const rule of ['closure-repeated-penalties', 'closure-still-unsafe', 'closure-major-accident', 'closure-refused-suspension']) {
      expect(find('CLOSURE_REQUEST', rule).length, rule).toBeGreaterThan(0);
    }
    expect(find('INVESTIGATE_AS_ACCIDENT').every((a) => doc.units.find((u) => u.id === a.unit)?.industry === 'coal_mine')).toBe(true);
    expect(find('INVESTIGATE_AS_ACCIDENT').length).toBeGreaterThan(0);
    // 超能力 is a major hidden danger (category 1): listed for supervision, not suspended on a definitions article.
    expect(find('SUPERVISED_LISTING', 'list-major-hazard').map((a) => a.unit)).toContain('ent-coal-jinhe');
    expect(find('SUSPEND_FOR_RECTIFICATION').map((a) => a.unit)).not.toContain('ent-coal-jinhe');
    // Refusing to eliminate a hidden danger before 2021-09-01: 停产停业整顿 under the 2014 第九十九条.
    expect(find('SUSPEND_FOR_RECTIFICATION', 'suspend-refused-elimination')).toMatchObject([{ unit: 'ent-trade-hengtai', basis: { on: '2021-08-25', article: '第九十九条（2014年修正）' } }]);
    // Explosives supply stops only where explosives are used; the gas emergency waives the power cut's notice.
    expect(find('STOP_EXPLOSIVES_SUPPLY').every((a) => doc.units.find((u) => u.id === a.unit)?.usesExplosives === true)).toBe(true);
    expect(find('CUT_POWER_SUPPLY').find((a) => a.unit === 'ent-coal-dongshan')?.noticeWaived).toBe('危及生产安全的紧急情形');
    // A refusal to correct before 2021-09-01 has no article for a daily penalty: withheld, not taken.
    expect(unit('ent-trade-xinyuan-wood').enforcement?.withheld.map((w) => w.code)).toContain('DAILY_PENALTY');
  });

  it('vetoes towns for a larger accident and an unfinished key task, and a department', () => {
    const territorial = new Set(TERRITORIAL_UNITS.map((u) => u.id));
    const vetoed = result.decisions.filter((d) => territorial.has(d.unitId) && d.veto?.vetoed);
    expect(vetoed.length).toBeGreaterThanOrEqual(2);
    expect(unit('town-gushao').veto?.reasons.map((r) => r.ruleId)).toContain('veto-larger-accident');
    expect(unit('town-yinping').veto?.reasons.map((r) => r.ruleId)).toEqual(['veto-key-task-unfinished']);
    // Finished late within the year: not 未完成, so no veto, but a late-completion deduction.
    expect(unit('dept-natural-resources').veto).toEqual({ vetoed: false, reasons: [] });
    expect(unit('dept-natural-resources').assessment?.items.map((i) => i.ruleId)).toContain('deduct-key-task-late');
    for (const d of vetoed) expect(d.assessment?.grade).toBe('不合格');
  });

  it('contests the award: more than 20 eligible, exactly 20 awarded, places 20 and 21 split by the tie-break', () => {
    const eligible = result.decisions.filter((d) => d.reward?.eligible).sort((a, b) => (a.reward?.rank ?? 0) - (b.reward?.rank ?? 0));
    expect(eligible.length).toBeGreaterThan(20);
    expect(eligible.filter((d) => d.reward?.awarded)).toHaveLength(20);
    const [twentieth, twentyFirst] = [eligible[19], eligible[20]];
    expect(twentieth?.reward?.rank).toBe(20);
    expect(twentieth?.reward?.awarded).toBe(true);
    expect(twentyFirst?.reward?.awarded).toBe(false);
    // Equal on merit, on verified achievements and on general hazards: the earlier first achievement wins.
    expect(twentieth?.reward?.merit).toBe(twentyFirst?.reward?.merit);
    expect([twentieth?.unitId, twentyFirst?.unitId]).toEqual(['ent-award-delong-wood', 'ent-award-jiaxin-build']);
    const verified = (id: string) => (doc.achievements ?? []).filter((a) => a.unitId === id && a.verified).length;
    const general = (id: string) => (doc.hazards ?? []).filter((h) => h.unitId === id && h.level === 'general').length;
    expect(verified('ent-award-delong-wood')).toBe(verified('ent-award-jiaxin-build'));
    expect(general('ent-award-delong-wood')).toBe(general('ent-award-jiaxin-build'));
    // A vetoed enterprise is excluded from the award by the composition.
    expect(unit('ent-transport-shunda').reward?.exclusions.map((r) => r.ruleId)).toEqual(['exclude-accident', 'exclude-concealed-accident', 'exclude-penalized']);
  });

  it('equals the committed sample/yicheng-2021.json', () => {
    const text = readFileSync(new URL('sample/yicheng-2021.json', packageRoot()), 'utf8');
    expect(text).toBe(sampleDistrictJson());
    const { $schema, ...rest } = JSON.parse(text) as FactsDocument;
    expect($schema).toBe(SAMPLE_SCHEMA_REF);
    expect(rest).toEqual(sampleDistrict());
  });
});
