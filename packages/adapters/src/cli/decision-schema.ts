/**
 * A zod schema of the evaluation result (`anquan assess --format json`), mirroring the interfaces of
 * @anquan/core's evaluate/decision.ts. Objects are strict: a field the engine adds without this
 * schema following is an error in the tests, not silently undocumented output. The type assertions at
 * the end fail to compile when the schema and the interfaces drift apart.
 */
import { z } from 'zod';
import type {
  AssessmentOutcome,
  BasisCitation,
  CategoryTotal,
  ConditionTrace,
  Decision,
  EnforcementAction,
  EnforcementOutcome,
  EvaluationResult,
  GroupTrace,
  InputIssue,
  JsonValue,
  LeafTrace,
  PeriodScore,
  Reason,
  RecordDecision,
  RewardOutcome,
  RuleSetRef,
  RuleTrace,
  ScoreItem,
  VetoOutcome,
} from '@anquan/core';

const bilingual = z.strictObject({ 'zh-CN': z.string(), en: z.string() });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]));

export const ruleSetRefSchema = z.strictObject({
  id: z.string(),
  version: z.string(),
  kind: z.enum(['veto', 'score', 'eligibility', 'enforcement', 'classification', 'amount', 'composition']),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

export const leafTraceSchema = z.strictObject({
  type: z.literal('leaf'),
  fact: z.string(),
  label: z.string(),
  path: z.string().exactOptional(),
  params: z.record(z.string(), jsonValueSchema).exactOptional(),
  operator: z.string(),
  value: jsonValueSchema,
  factValue: jsonValueSchema,
  result: z.boolean(),
});

export const conditionTraceSchema: z.ZodType<ConditionTrace> = z.lazy(() => z.union([leafTraceSchema, groupTraceSchema]));

export const groupTraceSchema = z.strictObject({
  type: z.enum(['all', 'any', 'not']),
  result: z.boolean(),
  get children() {
    return z.array(conditionTraceSchema);
  },
});

/** What a rule rests on: opinion 原文, law 法律, parameter 参数 (the district's own number), reading 解释 (ours). */
export const provenanceSchema = z
  .array(z.enum(['opinion', 'law', 'parameter', 'reading']))
  .describe('出处：opinion 原文、law 法律、parameter 参数（本区设定）、reading 解释（文件未作规定时本系统的理解）/ what the rule rests on');

export const ruleTraceSchema = z.strictObject({
  ruleSetId: z.string(),
  ruleId: z.string(),
  title: z.string(),
  cite: z.string(),
  provenance: provenanceSchema,
  fired: z.boolean(),
  periodId: z.string().exactOptional(),
  conditions: conditionTraceSchema,
  points: z.number().exactOptional(),
  explanation: z.string(),
});

export const reasonSchema = z.strictObject({ ruleSetId: z.string(), ruleId: z.string(), title: z.string(), cite: z.string(), provenance: provenanceSchema, explanation: z.string() });

export const vetoOutcomeSchema = z.strictObject({ vetoed: z.boolean(), reasons: z.array(reasonSchema) });

export const scoreItemSchema = z.strictObject({ ruleId: z.string(), title: z.string(), cite: z.string(), provenance: provenanceSchema, category: z.string(), periodId: z.string(), points: z.number() });

export const periodScoreSchema = z.strictObject({ periodId: z.string(), title: z.string(), weight: z.number(), score: z.number() });

export const categoryTotalSchema = z.strictObject({ category: z.string(), title: z.string(), raw: z.number(), applied: z.number() });

export const assessmentOutcomeSchema = z.strictObject({
  score: z.number(),
  grade: z.string(),
  gradeBeforeOverride: z.string().exactOptional(),
  rank: z.number().int().min(1).nullable(),
  rankGroup: z.string().nullable(),
  periods: z.array(periodScoreSchema),
  categories: z.array(categoryTotalSchema),
  items: z.array(scoreItemSchema),
  overrides: z.array(reasonSchema),
});

export const rewardOutcomeSchema = z.strictObject({
  eligible: z.boolean(),
  awarded: z.boolean(),
  rank: z.number().int().min(1).nullable(),
  merit: z.number(),
  categories: z.array(z.string()),
  reasons: z.array(reasonSchema),
  exclusions: z.array(reasonSchema),
});

export const basisCitationSchema = z.strictObject({ id: z.string(), law: z.string(), article: z.string(), on: date });

export const enforcementActionSchema = z.strictObject({
  code: z.string(),
  title: z.string(),
  ruleId: z.string(),
  cite: z.string(),
  provenance: provenanceSchema,
  basis: basisCitationSchema.nullable(),
  noticeHours: z.number().nullable(),
  noticeWaived: z.string().exactOptional().describe('免予提前通知的理由（如危及生产安全的紧急情形）/ why the advance notice is waived'),
  writtenNotice: z.boolean(),
  after: z.array(z.string()),
  explanation: z.string(),
});

export const enforcementOutcomeSchema = z.strictObject({
  actions: z.array(enforcementActionSchema),
  withheld: z.array(z.strictObject({ code: z.string(), ruleId: z.string(), why: z.string() })),
});

export const decisionSchema = z
  .strictObject({
    unitId: z.string().describe('单位标识 / unit id'),
    unitKind: z.string().describe('单位类型：town、street、zone、department、enterprise / unit kind'),
    name: z.string().describe('单位名称 / unit name'),
    veto: vetoOutcomeSchema.exactOptional().describe('一票否决：是否否决及理由 / veto and its reasons'),
    assessment: assessmentOutcomeSchema.exactOptional().describe('考核：得分、等次、名次、扣分项 / score, grade, rank, items'),
    reward: rewardOutcomeSchema.exactOptional().describe('奖励：是否符合条件、是否获奖、名次、理由 / reward eligibility, award, rank, reasons'),
    enforcement: enforcementOutcomeSchema.exactOptional().describe('执法措施：措施代码、规则、条款、法律依据 / enforcement actions with code, rule, cite, basis'),
    trace: z.array(ruleTraceSchema).exactOptional().describe('逐条规则的求值过程（--trace）/ rule traces (--trace)'),
  })
  .describe('一个单位的决定 / the decision for one unit');

export const recordDecisionSchema = z.strictObject({
  id: z.string().describe('记录标识（如事故编号）/ record id'),
  unitId: z.string(),
  class: z.string().exactOptional().describe('分级结果，如事故等级 general、larger、major、especially_major / class, e.g. the accident grade'),
  classTitle: z.string().exactOptional().describe('分级名称，如「较大事故」/ class title'),
  amountYuan: z.number().int().exactOptional().describe('金额（整数元），如举报奖励 / amount in yuan'),
  ruleId: z.string().nullable(),
  cite: z.string().nullable(),
  provenance: provenanceSchema,
  explanation: z.string(),
  trace: z.array(ruleTraceSchema).exactOptional(),
});

export const inputIssueSchema = z.strictObject({
  code: z.string(),
  unitId: z.string().nullable(),
  recordId: z.string().exactOptional(),
  collection: z.string().exactOptional(),
  pointer: z.string(),
  message: bilingual,
});

/** The evaluation result: the documented output of `anquan assess --format json`. */
export const evaluationResultSchema = z
  .strictObject({
    asOf: date.describe('评估日期 YYYY-MM-DD / evaluation date'),
    year: z.number().int().describe('考核年度 / assessment year'),
    ruleSets: z.array(ruleSetRefSchema).describe('作出决定的规则集：标识、版本、类型、内容哈希 / the rule sets that decided'),
    decisions: z.array(decisionSchema).describe('每个单位的决定，按单位标识排序 / one decision per unit'),
    records: z.record(z.string(), z.array(recordDecisionSchema)).describe('记录级决定，按集合：accidents（事故分级）、reports（举报奖励）/ record-level decisions by collection'),
    issues: z.array(inputIssueSchema).describe('输入问题：涉及的单位未作出决定 / input issues; the units concerned were not decided'),
  })
  .describe('anquan 评估结果 / anquan evaluation result');

/** The JSON Schema `anquan schema decision` prints. */
export function decisionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(evaluationResultSchema, { unrepresentable: 'any' }),
    $id: 'https://anquan.dev/schema/evaluation-result.json',
    title: 'anquan 评估结果 / anquan evaluation result (anquan assess --format json)',
  };
}

// ---- the schema is the interfaces: these fail to compile when they drift apart ----

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Same<S extends z.ZodType, T> = Equals<z.output<S>, T>;

export type DecisionSchemaIsFaithful = [
  Same<typeof ruleSetRefSchema, RuleSetRef>,
  Same<typeof leafTraceSchema, LeafTrace>,
  Same<typeof groupTraceSchema, GroupTrace>,
  Same<typeof ruleTraceSchema, RuleTrace>,
  Same<typeof reasonSchema, Reason>,
  Same<typeof vetoOutcomeSchema, VetoOutcome>,
  Same<typeof scoreItemSchema, ScoreItem>,
  Same<typeof periodScoreSchema, PeriodScore>,
  Same<typeof categoryTotalSchema, CategoryTotal>,
  Same<typeof assessmentOutcomeSchema, AssessmentOutcome>,
  Same<typeof rewardOutcomeSchema, RewardOutcome>,
  Same<typeof basisCitationSchema, BasisCitation>,
  Same<typeof enforcementActionSchema, EnforcementAction>,
  Same<typeof enforcementOutcomeSchema, EnforcementOutcome>,
  Same<typeof decisionSchema, Decision>,
  Same<typeof recordDecisionSchema, RecordDecision>,
  Same<typeof inputIssueSchema, InputIssue>,
  Same<typeof evaluationResultSchema, EvaluationResult>,
] extends true[]
  ? true
  : never;

const faithful: DecisionSchemaIsFaithful = true;
void faithful;
