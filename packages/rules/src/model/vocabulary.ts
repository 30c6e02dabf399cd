/** Unit kinds of the district (条抓块统: 块 = towns, streets, zones; 条 = departments). */
export const UNIT_KINDS = ['town', 'street', 'zone', 'department', 'enterprise'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  town: '镇',
  street: '街道',
  zone: '园区（开发区）',
  department: '区直部门',
  enterprise: '生产经营单位',
};

/** Territorial units: assessed on their jurisdiction (属地). */
export const TERRITORIAL_KINDS: readonly UnitKind[] = ['town', 'street', 'zone'];

export const INDUSTRIES = [
  'coal_mine',
  'non_coal_mine',
  'hazardous_chemicals',
  'construction',
  'road_transport',
  'fire_key_site',
  'industry_trade',
  'special_equipment',
  'education',
  'healthcare',
  'water_conservancy',
  'other',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

export const INDUSTRY_LABELS: Record<Industry, string> = {
  coal_mine: '煤矿',
  non_coal_mine: '非煤矿山',
  hazardous_chemicals: '危险化学品',
  construction: '建筑施工',
  road_transport: '道路运输',
  fire_key_site: '消防安全重点单位',
  industry_trade: '工贸',
  special_equipment: '特种设备使用单位',
  education: '学校',
  healthcare: '医疗卫生机构',
  water_conservancy: '水利工程',
  other: '其他',
};

/** Duties of the opinion that assessed units record as activities (三(一)2 … 三(六)21). */
export const ACTIVITY_TYPES = [
  'study_plan',
  'supervision_ledger',
  'grid_report',
  'enforcement_plan',
  'dispatch_meeting',
  'expert_check',
  'safety_month',
  'enforcement_training',
  'publicity',
  'special_training',
  'approval_notice',
  'consultation_day',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_LABELS: Record<ActivityType, string> = {
  study_plan: '专门学习计划（三(一)2）',
  supervision_ledger: '安全监管台账和清单（三(二)4）',
  grid_report: '网格化平台报表（三(二)6-2）',
  enforcement_plan: '年度执法检查计划（三(四)14）',
  dispatch_meeting: '参加安全生产调度会议（三(四)15）',
  expert_check: '专家查隐患（三(四)16）',
  safety_month: '安全生产月活动（三(五)20）',
  enforcement_training: '执法业务集中培训（三(六)21）',
  publicity: '宣传教育“五进”（三(五)19）',
  special_training: '安全生产重要论述专题培训（三(一)2）',
  approval_notice: '审批与监管信息抄告（三(二)4）',
  consultation_day: '“宣传咨询日”活动（三(五)20）',
};

/** Enforcement orders (执法指令) whose compliance the rules look at. */
export const ORDER_TYPES = ['rectify', 'suspend', 'correct_after_fine'] as const;
export const ORDER_LABELS = { rectify: '责令限期整改', suspend: '责令停产停业整顿', correct_after_fine: '罚款并责令改正' } as const;

/** Coal-mine violations the opinion orders investigated as accidents (三(三)8). */
export const COAL_VIOLATIONS = ['coal_pillar_mining', 'falsified_drawings', 'concealed_working_face', 'refused_suspension_order'] as const;
export const COAL_VIOLATION_LABELS = {
  coal_pillar_mining: '违规开采各类煤柱',
  falsified_drawings: '图纸作假',
  concealed_working_face: '隐瞒采掘工作面',
  refused_suspension_order: '拒不执行停产整顿指令',
} as const;

/** What a whistleblower reported (山东省安全生产举报奖励办法). */
export const REPORT_SUBJECTS = ['general_hazard', 'major_hazard', 'illegal_operation', 'concealed_accident'] as const;

/** The five achievement categories of the district's reward measures (三(二)7). */
export const ACHIEVEMENT_CATEGORIES = ['improved_conditions', 'accident_prevention', 'rescue', 'major_hazard_eliminated', 'violation_reported'] as const;
export const ACHIEVEMENT_LABELS = {
  improved_conditions: '改善安全生产条件',
  accident_prevention: '防止生产安全事故',
  rescue: '参加抢险救护',
  major_hazard_eliminated: '发现并排除重大事故隐患',
  violation_reported: '举报安全生产违法行为',
} as const;

export const ACCIDENT_GRADES = ['general', 'larger', 'major', 'especially_major'] as const;
export type AccidentGrade = (typeof ACCIDENT_GRADES)[number];
export const ACCIDENT_GRADE_LABELS: Record<AccidentGrade, string> = { general: '一般事故', larger: '较大事故', major: '重大事故', especially_major: '特别重大事故' };
