import { z } from 'zod';
import { isCalendarDate } from '../dates/calendar.js';

/*
 * The rule-set document format. This zod schema is the single source: the TypeScript types, the
 * runtime validation and the shipped JSON Schema (with Chinese descriptions for editors) all come
 * from it.
 */

const ID = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const idSchema = z.string().regex(ID, '标识只能由小写字母、数字和 . _ - 组成 / ids use lower-case letters, digits, . _ -').describe('稳定标识（小写字母、数字、. _ -），发布后不要修改');
export const dateSchema = z
  .string()
  .regex(DATE, '日期格式应为 YYYY-MM-DD / dates are YYYY-MM-DD')
  .refine((s) => !DATE.test(s) || isCalendarDate(s), '不存在的日期 / not a calendar date')
  .describe('日历日期（中国标准时间），格式 YYYY-MM-DD');
const codeSchema = z.string().regex(CODE, '代码应为大写字母、数字和下划线 / codes are UPPER_SNAKE').describe('措施代码（大写字母与下划线）');
/** A record field written by a record-level rule set (camelCase allowed; never a prototype key). */
const fieldName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, '字段名只能由字母、数字和下划线组成 / a field name uses letters, digits and _')
  .refine((s) => !['__proto__', 'constructor', 'prototype'].includes(s), '不允许的字段名 / field name not allowed');
const zhText = z.string().min(1, '不能为空 / must not be empty').max(2000);

/** Points on a scorecard: at most two decimals, so that sums are exact in hundredths. */
const pointsSchema = z
  .number()
  .min(-1000)
  .max(1000)
  .refine((n) => Number.isInteger(Math.round(n * 100)) && Math.abs(Math.round(n * 100) - n * 100) < 1e-9, '分值最多两位小数 / points have at most two decimals')
  .describe('分值（正数加分，负数扣分，最多两位小数）');
const yuanSchema = z.number().int('金额以元为单位的整数 / money is integer yuan').min(0).max(10_000_000_000).describe('金额（整数，单位：元）');

export const localizedTitleSchema = z
  .object({
    'zh-CN': zhText.describe('中文标题（必填）'),
    en: z.string().max(2000).optional().describe('英文标题（可选）'),
  })
  .strict()
  .describe('标题（中文必填，英文可选）');

type JsonLike = string | number | boolean | null | JsonLike[] | { [key: string]: JsonLike };
const jsonValueSchema: z.ZodType<JsonLike> = z.lazy(() =>
  z.union([z.string().max(10_000), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema).max(10_000), z.record(z.string(), jsonValueSchema)]),
);

export const leafConditionSchema = z
  .object({
    fact: z.string().min(1).max(128).describe('事实名称（由领域模型提供，例如 larger_accidents）'),
    operator: z.string().min(1).max(64).describe('比较运算符，例如 greaterThanInclusive、dateOnOrAfter、in'),
    value: jsonValueSchema.describe('期望值'),
    path: z.string().max(256).optional().describe('事实内部的属性路径，例如 $.count 或 grade（只允许属性名和下标）'),
    params: z.record(z.string(), jsonValueSchema).optional().describe('传给事实的参数，例如 { "days": 30 }'),
  })
  .strict();

export interface LeafCondition {
  fact: string;
  operator: string;
  value: JsonLike;
  path?: string | undefined;
  params?: Record<string, JsonLike> | undefined;
}
export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };
export type TopCondition = { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    leafConditionSchema,
    z.object({ all: z.array(conditionSchema).max(200).describe('全部成立') }).strict(),
    z.object({ any: z.array(conditionSchema).max(200).describe('任一成立') }).strict(),
    z.object({ not: conditionSchema.describe('不成立') }).strict(),
  ]),
);

const topConditionSchema: z.ZodType<TopCondition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).max(200).describe('全部成立') }).strict(),
    z.object({ any: z.array(conditionSchema).max(200).describe('任一成立') }).strict(),
    z.object({ not: conditionSchema.describe('不成立') }).strict(),
  ]),
);

/*
 * Provenance: what a rule, or a number-bearing setting, rests on. An official or a lawyer reading a
 * decision must be able to tell the opinion's words from the law, from the district's own numbers and
 * from our reading where the text is silent — so every rule says which, and validation insists.
 */
const provenanceOf = z
  .array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/, '应为字段路径，例如 points、per.max、scoring.bands / a field path such as points or scoring.bands').max(64))
  .min(1)
  .max(20)
  .optional()
  .describe('本条出处所覆盖的字段（规则内如 when、points、per.max、amount、actions；规则集如 scoring.bands、eligibility.quota）；缺省为整条规则');
export const provenanceEntrySchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('opinion').describe('原文：文件原文规定'),
      clause: z.string().min(1).max(32).describe('条款标识，例如 三(二)7'),
      quote: z.string().min(1).max(2000).describe('所依据的原文（须与条款文字逐字一致）'),
      of: provenanceOf,
    })
    .strict(),
  z.object({ kind: z.literal('law').describe('法律：法律法规条文'), basis: idSchema.describe('本规则集 bases 中的法律依据标识（含条文与施行日期）'), of: provenanceOf }).strict(),
  z.object({ kind: z.literal('parameter').describe('参数：由本区设定的数值或选择，不是文件规定'), note: zhText.describe('说明本区设定了什么'), of: provenanceOf }).strict(),
  z.object({ kind: z.literal('reading').describe('解释：文件未作规定时本系统的理解'), note: zhText.describe('一句话说明如何理解、为什么'), of: provenanceOf }).strict(),
]);
// Optional here so that a missing one is reported by the provenance check, in words, with the rule's id.
const provenanceSchema = z.array(provenanceEntrySchema).max(20).optional().describe('出处（必填）：原文 / 法律 / 参数 / 解释');
const settingsProvenanceSchema = z
  .array(provenanceEntrySchema)
  .max(50)
  .optional()
  .describe('规则集中数值设置（分值上限、等次、权重、考核期、名额、并列比较顺序等）的出处，每条用 of 指明覆盖的设置');

/** Fields every rule has, whatever its kind. */
const ruleBase = {
  id: idSchema.describe('规则的稳定标识，发布后不要修改（用于追溯）'),
  title: zhText.describe('规则的中文标题'),
  titleEn: z.string().max(2000).optional().describe('规则的英文标题（可选）'),
  cite: zhText.describe('所依据的条款，例如「峄政发〔2021〕1号 三(二)7」'),
  basis: z.array(idSchema).max(10).optional().describe('法律依据（引用本规则集 bases 中的标识），按事实发生日期选用当时有效的条文'),
  when: topConditionSchema.describe('触发条件（json-rules-engine 条件格式：all / any / not）'),
  explain: z.string().max(2000).optional().describe('命中时的中文说明（可选，缺省用标题）'),
  provenance: provenanceSchema,
  enabled: z.boolean().optional().describe('为 false 时本规则停用（例如区里决定不采用某项解释性规则）；缺省为启用'),
};

const perSchema = z
  .object({
    fact: z.string().min(1).max(128).describe('计数事实：分值乘以该事实的值'),
    params: z.record(z.string(), jsonValueSchema).optional(),
    path: z.string().max(256).optional(),
    max: z.number().int().min(0).max(1_000_000).optional().describe('计数上限（可选）'),
  })
  .strict()
  .describe('按次计分：每发生一次计一次分值');

export const vetoRuleSchema = z.object(ruleBase).strict();

export const scoreRuleSchema = z
  .object({
    ...ruleBase,
    category: idSchema.describe('所属考核类别（scoring.categories 中的标识）'),
    points: pointsSchema,
    per: perSchema.optional(),
  })
  .strict();

export const eligibilityRuleSchema = z
  .object({
    ...ruleBase,
    effect: z.enum(['exclude', 'qualify', 'merit']).describe('exclude 排除；qualify 取得奖励资格（成绩类别）；merit 加计评比分'),
    category: idSchema.optional().describe('qualify 规则对应的成绩类别'),
    points: pointsSchema.optional(),
    per: perSchema.optional(),
  })
  .strict();

export const actionRequestSchema = z
  .object({
    code: codeSchema,
    basis: idSchema.optional().describe('该措施的法律依据（bases 中的标识）'),
    basisDateFact: z.string().min(1).max(128).optional().describe('用于选定法律版本的日期事实（缺省为评估日期）'),
    noticeHours: z.number().int().min(0).max(8760).optional().describe('提前书面通知的小时数，例如停止供电提前 24 小时'),
    noticeWaivedBy: z.string().min(1).max(128).optional().describe('该事实为 true 时免予提前通知（例如危及生产安全的紧急情形）'),
    writtenNotice: z.boolean().optional().describe('是否须书面通知'),
    procedure: z.array(zhText).max(10).optional().describe('采取措施前须逐项满足的程序要求（说明中逐条列出）'),
  })
  .strict();

export const enforcementRuleSchema = z
  .object({ ...ruleBase, actions: z.array(actionRequestSchema).min(1).max(20).describe('命中后采取的措施') })
  .strict();

export const classificationRuleSchema = z
  .object({ ...ruleBase, assign: idSchema.describe('命中时给出的类别（classes 中的标识）') })
  .strict();

export const amountSpecSchema = z
  .object({
    fixedYuan: yuanSchema.optional().describe('固定金额'),
    fact: z.string().min(1).max(128).optional().describe('金额所依据的事实（罚款金额、死亡人数、建议金额等）'),
    multiplierYuan: yuanSchema.optional().describe('每单位金额，例如每名瞒报死亡人员 30000 元'),
    percent: z.number().int().min(0).max(100).optional().describe('百分比（整数），例如罚款的 50%'),
    minYuan: yuanSchema.optional().describe('最低金额'),
    maxYuan: yuanSchema.optional().describe('最高金额'),
  })
  .strict()
  .describe('金额计算：固定金额，或 事实值 × 每单位金额 × 百分比，四舍五入到元，再限定在最低与最高之间');

export const amountRuleSchema = z.object({ ...ruleBase, amount: amountSpecSchema }).strict();

export const basisSchema = z
  .object({
    law: zhText.describe('法律法规名称，例如《中华人民共和国安全生产法》'),
    versions: z
      .array(
        z
          .object({
            from: dateSchema.describe('该条文生效日期'),
            to: dateSchema.optional().describe('该条文失效前最后一日（含）'),
            article: zhText.describe('条文，例如 第七十条'),
            law: zhText.optional().describe('该期间适用的法规名称（与上面的 law 不同时填写）'),
            edition: z.string().max(200).optional().describe('版本说明，例如 2021年修正'),
          })
          .strict(),
      )
      .min(1)
      .max(20),
  })
  .strict()
  .describe('随时间变化的法律依据：按日期选用当时有效的条文');

const headerFields = {
  $schema: z.string().max(500).optional().describe('JSON Schema 地址，供编辑器自动补全'),
  id: idSchema.describe('规则集标识'),
  version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, '版本号格式应为 1.2.3 / version is semver').describe('版本号（语义化版本，例如 1.0.0）'),
  title: localizedTitleSchema,
  source: zhText.describe('所编码的文件，例如 峄政发〔2021〕1号'),
  effective: z
    .object({ from: dateSchema.describe('生效日期'), to: dateSchema.optional().describe('失效前最后一日（含），缺省为长期有效') })
    .strict()
    .describe('有效期'),
  description: z.string().max(10_000).optional().describe('说明'),
  bases: z.record(idSchema, basisSchema).optional().describe('法律依据表'),
  provenance: settingsProvenanceSchema,
};

const unitKindsSchema = z.array(idSchema).min(1).max(50).describe('适用的单位类型，例如 town、street、zone、department、enterprise');

export const vetoRuleSetSchema = z
  .object({ ...headerFields, kind: z.literal('veto').describe('一票否决'), appliesTo: unitKindsSchema, rules: z.array(vetoRuleSchema).max(2000) })
  .strict();

export const scoringSchema = z
  .object({
    base: pointsSchema.describe('基础分'),
    min: pointsSchema.describe('最低分'),
    max: pointsSchema.describe('最高分'),
    categories: z
      .array(
        z
          .object({
            id: idSchema,
            title: zhText.describe('类别中文名称'),
            maxDeduction: pointsSchema.optional().describe('本类别最多扣分（正数），超过部分不再扣'),
            maxBonus: pointsSchema.optional().describe('本类别最多加分'),
          })
          .strict(),
      )
      .min(1)
      .max(100),
    bands: z
      .array(z.object({ grade: zhText.describe('等次，例如 优秀'), min: pointsSchema.describe('该等次的最低分（含）') }).strict())
      .min(1)
      .max(20)
      .describe('等次划分：按最低分从高到低，第一个满足的等次'),
    periods: z
      .array(
        z
          .object({
            id: idSchema,
            title: zhText.describe('例如 半年督查、年终考核'),
            weight: z.number().int().min(0).max(100).describe('权重（整数百分比，各期合计 100）'),
            from: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/).describe('考核期起始月日 MM-DD'),
            to: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/).describe('考核期截止月日 MM-DD（含）'),
          })
          .strict(),
      )
      .min(1)
      .max(12)
      .describe('考核期：每期分别计分，再按权重合成'),
    rankGroups: z
      .array(z.object({ id: idSchema, title: zhText, unitKinds: unitKindsSchema }).strict())
      .max(20)
      .optional()
      .describe('排名分组，例如 镇街园区 与 区直部门 分别排名'),
  })
  .strict()
  .describe('评分参数（政策参数）');

export const scoreRuleSetSchema = z
  .object({ ...headerFields, kind: z.literal('score').describe('考核评分'), appliesTo: unitKindsSchema, scoring: scoringSchema, rules: z.array(scoreRuleSchema).max(2000) })
  .strict();

export const eligibilitySchema = z
  .object({
    quota: z.number().int().min(0).max(100_000).describe('奖励名额，例如 20'),
    requireQualification: z.boolean().describe('是否必须取得至少一类成绩才有资格'),
    categories: z.array(z.object({ id: idSchema, title: zhText }).strict()).max(50).describe('成绩类别'),
    tieBreak: z
      .array(z.object({ fact: z.string().min(1).max(128), order: z.enum(['asc', 'desc']), params: z.record(z.string(), jsonValueSchema).optional() }).strict())
      .max(10)
      .describe('评比分相同时依次比较的事实；最后按单位标识排序，保证结果确定'),
  })
  .strict()
  .describe('奖励评选参数');

export const eligibilityRuleSetSchema = z
  .object({
    ...headerFields,
    kind: z.literal('eligibility').describe('奖励资格'),
    appliesTo: unitKindsSchema,
    eligibility: eligibilitySchema,
    rules: z.array(eligibilityRuleSchema).max(2000),
  })
  .strict();

export const actionCatalogSchema = z
  .array(
    z
      .object({
        code: codeSchema,
        title: zhText.describe('措施中文名称，例如 停止供电'),
        after: z.array(codeSchema).max(10).optional().describe('升级关系：只有在这些措施已作出（并被拒不执行）后才适用'),
      })
      .strict(),
  )
  .min(1)
  .max(100)
  .describe('措施目录');

export const enforcementRuleSetSchema = z
  .object({
    ...headerFields,
    kind: z.literal('enforcement').describe('执法措施'),
    appliesTo: unitKindsSchema,
    actions: actionCatalogSchema,
    rules: z.array(enforcementRuleSchema).max(2000),
  })
  .strict();

export const classificationRuleSetSchema = z
  .object({
    ...headerFields,
    kind: z.literal('classification').describe('分级（对记录逐条定级，例如事故等级）'),
    subject: idSchema.describe('记录集合，例如 accidents'),
    output: fieldName.describe('定级结果写入记录的字段名，例如 grade'),
    classes: z.array(z.object({ id: idSchema, title: zhText }).strict()).min(1).max(50).describe('类别，从低到高排列；多条规则命中时取最高者'),
    default: idSchema.describe('没有规则命中时的类别'),
    rules: z.array(classificationRuleSchema).max(2000),
  })
  .strict();

export const amountRuleSetSchema = z
  .object({
    ...headerFields,
    kind: z.literal('amount').describe('金额（对记录逐条计算金额，例如举报奖励）'),
    subject: idSchema.describe('记录集合，例如 reports'),
    output: fieldName.describe('金额写入记录的字段名，例如 rewardYuan'),
    rules: z.array(amountRuleSchema).max(2000).describe('按顺序，第一条命中的规则决定金额'),
  })
  .strict();

export const compositionEffectSchema = z
  .object({
    id: idSchema,
    title: zhText,
    cite: zhText,
    when: z
      .object({
        decision: z.literal('veto').describe('依据的决定：一票否决'),
        of: z.union([z.literal('self'), z.object({ unitField: idSchema.describe('单位字段，例如 jurisdiction（所属镇街）') }).strict()]).describe('self 本单位；或通过单位字段找到的上级单位'),
      })
      .strict(),
    provenance: provenanceSchema,
    then: z.union([
      z.object({ forceGrade: zhText.describe('强制的等次，例如 不合格') }).strict(),
      z.object({ excludeFromReward: z.literal(true).describe('取消奖励资格') }).strict(),
    ]),
  })
  .strict();

export const compositionRuleSetSchema = z
  .object({
    ...headerFields,
    kind: z.literal('composition').describe('组合：规则集之间的关系，例如否决即不合格、否决即不得奖励'),
    effects: z.array(compositionEffectSchema).max(100),
  })
  .strict();

export const ruleSetSchema = z
  .discriminatedUnion('kind', [
    vetoRuleSetSchema,
    scoreRuleSetSchema,
    eligibilityRuleSetSchema,
    enforcementRuleSetSchema,
    classificationRuleSetSchema,
    amountRuleSetSchema,
    compositionRuleSetSchema,
  ])
  .describe('anquan 规则集文档');

export type RuleSetDocument = z.infer<typeof ruleSetSchema>;
export type VetoRuleSet = z.infer<typeof vetoRuleSetSchema>;
export type ScoreRuleSet = z.infer<typeof scoreRuleSetSchema>;
export type EligibilityRuleSet = z.infer<typeof eligibilityRuleSetSchema>;
export type EnforcementRuleSet = z.infer<typeof enforcementRuleSetSchema>;
export type ClassificationRuleSet = z.infer<typeof classificationRuleSetSchema>;
export type AmountRuleSet = z.infer<typeof amountRuleSetSchema>;
export type CompositionRuleSet = z.infer<typeof compositionRuleSetSchema>;
export type AnyRule = RuleSetDocument extends infer D ? (D extends { rules: Array<infer R> } ? R : never) : never;
export type Basis = z.infer<typeof basisSchema>;
export type AmountSpec = z.infer<typeof amountSpecSchema>;
export type PerSpec = z.infer<typeof perSchema>;
export type ProvenanceEntry = z.infer<typeof provenanceEntrySchema>;
export type ProvenanceKind = ProvenanceEntry['kind'];
