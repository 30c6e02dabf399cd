/** Chinese names of the rule-set fields the forms show (the schema's descriptions are the hints). */
export const FIELD_LABELS: Record<string, string> = {
  id: '标识',
  version: '版本号',
  title: '标题',
  'zh-CN': '中文',
  en: '英文',
  titleEn: '英文标题',
  source: '所编码的文件',
  effective: '有效期',
  from: '起',
  to: '止',
  description: '说明',
  appliesTo: '适用的单位类型',
  bases: '法律依据表',
  law: '法律法规',
  versions: '条文版本',
  article: '条文',
  edition: '版本说明',
  cite: '依据条款',
  basis: '法律依据',
  explain: '说明',
  parameter: '政策参数',
  enabled: '启用',
  category: '类别',
  points: '分值',
  per: '按次计分',
  fact: '事实',
  max: '上限',
  min: '最低分',
  base: '基础分',
  scoring: '评分参数',
  categories: '类别',
  maxDeduction: '扣分上限',
  maxBonus: '加分上限',
  bands: '等次',
  grade: '等次',
  periods: '考核期',
  weight: '权重（%）',
  rankGroups: '排名分组',
  unitKinds: '单位类型',
  eligibility: '奖励评选参数',
  quota: '名额',
  requireQualification: '须取得成绩类别',
  tieBreak: '并列时依次比较',
  order: '顺序',
  effect: '作用',
  actions: '措施',
  code: '代码',
  after: '须在其后',
  noticeHours: '提前通知小时数',
  writtenNotice: '书面通知',
  basisDateFact: '选定法律版本的日期事实',
  noticeWaivedBy: '免予提前通知的事实',
  procedure: '程序要求',
  assign: '给出的类别',
  amount: '金额',
  fixedYuan: '固定金额（元）',
  multiplierYuan: '每单位金额（元）',
  percent: '百分比',
  minYuan: '最低金额（元）',
  maxYuan: '最高金额（元）',
  classes: '类别',
  default: '缺省类别',
  subject: '记录集合',
  output: '结果字段',
  params: '参数',
  path: '属性路径',
};

export const ENUM_LABELS: Record<string, string> = {
  exclude: '排除（exclude）',
  qualify: '取得资格（qualify）',
  merit: '加评比分（merit）',
  asc: '从小到大（asc）',
  desc: '从大到小（desc）',
};

export const PROVENANCE_LABELS: Record<string, string> = { opinion: '原文', law: '法律', parameter: '参数', reading: '解释' };

export const KIND_LABELS: Record<string, string> = {
  veto: '一票否决',
  score: '考核评分',
  eligibility: '奖励资格',
  enforcement: '执法措施',
  classification: '分级',
  amount: '金额',
  composition: '组合',
};

export function showValue(v: unknown): string {
  if (v === true) return '是';
  if (v === false) return '否';
  if (v === null || v === undefined) return '无';
  if (Array.isArray(v)) return v.length === 0 ? '无' : v.map(showValue).join('、');
  return String(v);
}
