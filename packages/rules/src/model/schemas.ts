import { z } from 'zod';
import { isCalendarDate } from '@anquan/core';
import { ACHIEVEMENT_CATEGORIES, ACTIVITY_TYPES, COAL_VIOLATIONS, INDUSTRIES, ORDER_TYPES, REPORT_SUBJECTS, UNIT_KINDS } from './vocabulary.js';

/*
 * The fact model: the contract host systems fill. Each schema is strict so that a misspelt field is
 * an error, not a silently missing fact. Descriptions are Chinese for the shipped JSON Schema.
 */

const id = z.string().min(1).max(128).describe('标识');
const date = z.string().refine(isCalendarDate, '日期应为有效的 YYYY-MM-DD / a valid YYYY-MM-DD date').describe('日期 YYYY-MM-DD（中国标准时间）');
const count = z.number().int().min(0).max(1_000_000);
const yuan = z.number().int('金额应为整数元 / money is integer yuan').min(0).max(100_000_000_000).describe('金额（整数，元）');

export const unitSchema = z
  .object({
    id,
    kind: z.enum(UNIT_KINDS).describe('单位类型：town 镇、street 街道、zone 园区、department 区直部门、enterprise 生产经营单位'),
    name: z.string().min(1).max(200).describe('单位名称'),
    industry: z.enum(INDUSTRIES).optional().describe('行业（生产经营单位必填）'),
    jurisdiction: id.optional().describe('属地：所在镇、街道或园区的单位标识（生产经营单位必填）'),
    hostTown: id.optional().describe('园区内企业的受益镇街（谁受益、谁负责，三(二)6），可选'),
    approvedCapacityTons: z.number().int().min(0).max(1_000_000_000).optional().describe('煤矿核定年生产能力（吨）'),
    usesExplosives: z.boolean().optional().describe('是否使用民用爆炸物品'),
  })
  .strict()
  .superRefine((u, ctx) => {
    if (u.kind === 'enterprise') {
      if (u.industry === undefined) ctx.addIssue({ code: 'custom', path: ['industry'], message: '生产经营单位须填写行业 / an enterprise needs an industry' });
      if (u.jurisdiction === undefined) ctx.addIssue({ code: 'custom', path: ['jurisdiction'], message: '生产经营单位须填写属地 / an enterprise needs a jurisdiction' });
    }
  });

export const accidentSchema = z
  .object({
    id,
    unitId: id.describe('发生事故的单位'),
    occurredOn: date.describe('事故发生日期'),
    deaths: count.describe('死亡人数（含 30 日内变化，第十三条）'),
    seriousInjuries: count.describe('重伤人数（含急性工业中毒）'),
    directLossYuan: yuan.describe('直接经济损失（元）'),
    concealed: z.boolean().describe('是否瞒报、谎报'),
    kind: z.enum(['production', 'road_traffic', 'fire']).optional().describe('事故类别（道路交通、火灾事故伤亡统计期为 7 日）'),
    causedByUnsafeConditions: z.boolean().optional().describe('事故调查认定：因不具备安全生产条件导致事故（提请关闭的前提，《安全生产法》2021 第一百一十三条第（三）项）'),
  })
  .strict();

export const hazardSchema = z
  .object({
    id,
    unitId: id,
    level: z.enum(['general', 'major']).describe('隐患等级：general 一般事故隐患、major 重大事故隐患（16号令 第三条）'),
    foundOn: date.describe('发现日期'),
    deadline: date.describe('整改期限'),
    rectifiedOn: date.nullable().describe('整改完成日期，未整改为 null'),
    concealed: z.boolean().describe('是否隐瞒不报'),
    realDanger: z.boolean().optional().describe('是否有发生生产安全事故的现实危险'),
    emergency: z.boolean().optional().describe('是否属于危及生产安全的紧急情形（停止供电可免予提前 24 小时通知）'),
    listedOn: date.nullable().optional().describe('挂牌督办日期'),
    coalCategory: z.number().int().min(1).max(15).optional().describe('《煤矿重大事故隐患判定标准》类别 1–15'),
    chemicalItem: z.number().int().min(1).max(20).optional().describe('《化工和危险化学品重大事故隐患判定标准》第 1–20 项'),
  })
  .strict();

export const orderSchema = z
  .object({
    id,
    unitId: id,
    type: z.enum(ORDER_TYPES).describe('指令类型：rectify 责令整改、suspend 责令停产停业整顿、correct_after_fine 罚款并责令改正'),
    issuedOn: date.describe('作出日期'),
    hazardId: id.optional().describe('针对的隐患'),
    refusedOn: date.nullable().describe('拒不执行的认定日期；执行了为 null'),
    liftedOn: date.nullable().optional().describe('停产整顿解除日期'),
    stillUnsafeAfter: z.boolean().optional().describe('停产整顿后仍不具备安全生产条件'),
    fineYuan: yuan.optional().describe('罚款金额'),
  })
  .strict();

export const penaltySchema = z
  .object({
    id,
    unitId: id,
    decidedOn: date.describe('行政处罚决定日期'),
    amountYuan: yuan,
    forMajorHazard: z.boolean().describe('是否因重大事故隐患受到处罚'),
  })
  .strict();

export const violationSchema = z
  .object({
    id,
    unitId: id,
    type: z.enum(COAL_VIOLATIONS).describe('煤矿违法行为类型（三(三)8）'),
    foundOn: date,
  })
  .strict();

export const productionSchema = z
  .object({
    id,
    unitId: id,
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式 YYYY-MM / month is YYYY-MM').describe('月份 YYYY-MM'),
    tons: count.describe('原煤产量（吨）'),
  })
  .strict();

export const activitySchema = z
  .object({
    id,
    unitId: id.describe('履职的镇街、园区或部门'),
    type: z.enum(ACTIVITY_TYPES).describe('履职事项'),
    date: date,
  })
  .strict();

export const inspectionSchema = z
  .object({
    id,
    unitId: id.describe('检查的镇街、园区或部门'),
    targetId: id.describe('被检查的生产经营单位'),
    date,
    planned: z.boolean().describe('是否列入年度执法检查计划'),
    hazardsFound: count.describe('发现隐患数'),
    reinspectedOn: date.nullable().describe('复查日期；未复查为 null'),
  })
  .strict();

export const taskSchema = z
  .object({
    id,
    unitId: id,
    title: z.string().min(1).max(500).describe('国家、省、市下达的安全生产重点工作任务'),
    due: date.describe('完成时限'),
    completedOn: date.nullable().describe('完成日期；未完成为 null'),
  })
  .strict();

export const reportSchema = z
  .object({
    id,
    unitId: id.describe('被举报的单位'),
    receivedOn: date,
    subject: z.enum(REPORT_SUBJECTS).describe('举报事项：general_hazard 一般事故隐患、major_hazard 重大事故隐患、illegal_operation 非法违法生产经营、concealed_accident 瞒报谎报事故'),
    verified: z.boolean().describe('是否查证属实'),
    fineYuan: yuan.optional().describe('据此作出的行政罚款'),
    accidentId: id.optional().describe('瞒报、谎报的事故'),
    concealedDeaths: count.optional().describe('瞒报、谎报的死亡人数'),
    proposedRewardYuan: yuan.optional().describe('一般事故隐患举报的拟奖励金额（500–5000 元之间由政策人员确定）'),
    paidOn: date.nullable().optional().describe('奖励兑现日期'),
    handledBy: id.optional().describe('负责兑现奖励的镇街或部门'),
  })
  .strict();

export const achievementSchema = z
  .object({
    id,
    unitId: id,
    category: z.enum(ACHIEVEMENT_CATEGORIES).describe('奖励办法中的成绩类别'),
    date,
    verified: z.boolean().describe('是否经核实'),
    level: z.enum(['district', 'city', 'province', 'national']).describe('认定层级'),
  })
  .strict();

export const COLLECTION_SCHEMAS = {
  accidents: accidentSchema,
  hazards: hazardSchema,
  orders: orderSchema,
  penalties: penaltySchema,
  violations: violationSchema,
  production: productionSchema,
  activities: activitySchema,
  inspections: inspectionSchema,
  tasks: taskSchema,
  reports: reportSchema,
  achievements: achievementSchema,
} as const;

export const factsDocumentSchema = z
  .object({
    $schema: z.string().optional(),
    period: z.object({ year: z.number().int().min(2000).max(2100).describe('考核年度'), asOf: date.optional().describe('评估日期（年中评估时填写）') }).strict(),
    units: z.array(unitSchema).describe('单位：镇街、园区、部门、生产经营单位'),
    accidents: z.array(accidentSchema).optional().describe('生产安全事故'),
    hazards: z.array(hazardSchema).optional().describe('事故隐患'),
    orders: z.array(orderSchema).optional().describe('执法指令及其执行情况'),
    penalties: z.array(penaltySchema).optional().describe('行政处罚'),
    violations: z.array(violationSchema).optional().describe('煤矿违法行为'),
    production: z.array(productionSchema).optional().describe('煤矿月产量'),
    activities: z.array(activitySchema).optional().describe('镇街、部门履职记录'),
    inspections: z.array(inspectionSchema).optional().describe('执法检查'),
    tasks: z.array(taskSchema).optional().describe('重点工作任务'),
    reports: z.array(reportSchema).optional().describe('安全生产举报'),
    achievements: z.array(achievementSchema).optional().describe('生产经营单位的安全生产成绩'),
  })
  .strict()
  .describe('峄城区安全生产考核事实数据');

export type Unit = z.infer<typeof unitSchema>;
export type Accident = z.infer<typeof accidentSchema>;
export type Hazard = z.infer<typeof hazardSchema>;
export type Order = z.infer<typeof orderSchema>;
export type Penalty = z.infer<typeof penaltySchema>;
export type Violation = z.infer<typeof violationSchema>;
export type Production = z.infer<typeof productionSchema>;
export type Activity = z.infer<typeof activitySchema>;
export type Inspection = z.infer<typeof inspectionSchema>;
export type Task = z.infer<typeof taskSchema>;
export type Report = z.infer<typeof reportSchema>;
export type Achievement = z.infer<typeof achievementSchema>;
export type FactsDocument = z.infer<typeof factsDocumentSchema>;
