/** The district's vocabulary for the page and the schema: registered facts (unit and record level) and operators. */
import { impactAspectLabels, OPERATORS, type ImpactAspect } from '@anquan/core';
import { districtDomain } from '@anquan/rules';
import type { FactInfo, FactType, OperatorInfo } from '../shared/vocabulary.js';

export interface Vocabulary {
  facts: FactInfo[];
  operators: OperatorInfo[];
  unitKinds: Array<{ id: string; label: string }>;
  collections: Array<{ id: string; label: string }>;
  /** What each aspect of an impact is called (core's labels). */
  aspects: Record<ImpactAspect, string>;
}

export function districtVocabulary(): Vocabulary {
  const domain = districtDomain();
  const facts: FactInfo[] = [
    { id: 'unit', label: '本单位的资料（配合 path 使用）', type: 'object', scope: 'unit' },
    { id: 'asOf', label: '评估日期', type: 'date', scope: 'unit' },
  ];
  for (const f of domain.facts) facts.push({ id: f.id, label: f.label['zh-CN'], type: f.type as FactType, ...(f.description ? { description: f.description } : {}), scope: 'unit' });
  for (const [id, c] of Object.entries(domain.collections)) {
    for (const f of c.facts ?? []) facts.push({ id: f.id, label: f.label['zh-CN'], type: f.type as FactType, ...(f.description ? { description: f.description } : {}), scope: id });
  }
  return {
    facts,
    operators: [...OPERATORS.values()].map((o) => ({ name: o.name, label: o.label['zh-CN'] })),
    unitKinds: domain.unitKinds.map((k) => ({ id: k.id, label: k.label['zh-CN'] })),
    collections: Object.entries(domain.collections).map(([id, c]) => ({ id, label: c.label['zh-CN'] })),
    aspects: impactAspectLabels('zh-CN'),
  };
}
