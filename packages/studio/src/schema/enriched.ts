/**
 * The rule-set JSON Schema as editors need it for this district: core's schema (generated from its
 * zod schema, Chinese descriptions) with the fact ids each rule-set kind accepts and the operators as
 * enums with Chinese descriptions, generated from the registered fact providers. Core stays free of
 * policy; this is computed here and written to schema/ruleset.schema.json by scripts/write-schema.ts.
 */
import { ruleSetJsonSchema } from '@anquan/core';
import { TYPE_LABELS, type FactInfo } from '../shared/vocabulary.js';
import { districtVocabulary, type Vocabulary } from '../server/vocabulary.js';

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) for (const x of node) walk(x, visit);
  else if (isNode(node)) {
    visit(node);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

function enumOf(base: unknown, items: ReadonlyArray<{ id: string; text: string }>): Node {
  const description = isNode(base) && typeof base.description === 'string' ? base.description : undefined;
  return {
    type: 'string',
    ...(description ? { description } : {}),
    enum: items.map((i) => i.id),
    enumDescriptions: items.map((i) => i.text),
    markdownEnumDescriptions: items.map((i) => i.text),
  };
}

const factText = (f: FactInfo) => `${f.label}（${TYPE_LABELS[f.type]}）${f.description ? `：${f.description}` : ''}`;

/** The facts a kind of rule set may name: unit facts, or (record level) the facts of the record collections. */
function factsOfKind(kind: string, vocab: Vocabulary): FactInfo[] {
  const recordLevel = kind === 'classification' || kind === 'amount';
  return vocab.facts.filter((f) => (recordLevel ? f.scope !== 'unit' : f.scope === 'unit'));
}

export function enrichedRuleSetSchema(vocab: Vocabulary = districtVocabulary(), base: Node = ruleSetJsonSchema()): Node {
  const schema = structuredClone(base);
  const defs = (schema.$defs ?? {}) as Record<string, unknown>;
  const conditionDefs = Object.keys(defs).filter((k) => JSON.stringify(defs[k]).includes('"operator"') || JSON.stringify(defs[k]) === '{"$ref":"#/$defs/__schema1"}');
  const operators = enumOf(undefined, vocab.operators.map((o) => ({ id: o.name, text: `${o.label}（${o.name}）` })));
  const branches = (schema.oneOf ?? schema.anyOf ?? []) as unknown[];
  for (const branch of branches) {
    if (!isNode(branch) || !isNode(branch.properties) || !isNode(branch.properties.kind)) continue;
    const kind = String(branch.properties.kind.const ?? '');
    const facts = enumOf(undefined, factsOfKind(kind, vocab).map((f) => ({ id: f.id, text: factText(f) })));
    // Each kind gets its own copy of the (recursive) condition definitions, so its enums can differ.
    const rename = new Map(conditionDefs.map((k) => [`#/$defs/${k}`, `#/$defs/${k}_${kind}`]));
    for (const k of conditionDefs) defs[`${k}_${kind}`] = structuredClone(defs[k]);
    const targets = [branch, ...conditionDefs.map((k) => defs[`${k}_${kind}`])];
    for (const target of targets) {
      walk(target, (n) => {
        if (typeof n.$ref === 'string' && rename.has(n.$ref)) n.$ref = rename.get(n.$ref);
        if (!isNode(n.properties)) return;
        const props = n.properties;
        for (const key of ['fact', 'basisDateFact', 'noticeWaivedBy']) if (isNode(props[key]) && props[key].type === 'string') props[key] = { ...facts, description: props[key].description ?? facts.description };
        if (isNode(props.operator) && props.operator.type === 'string') props.operator = { ...operators, description: props.operator.description };
      });
    }
  }
  return { ...schema, $defs: defs, $id: 'https://anquan.dev/schema/ruleset.district.json', title: 'anquan 规则集（峄城区：事实与运算符可选值）/ anquan rule set with the district vocabulary' };
}
