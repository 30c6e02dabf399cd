import type { Unit } from '../model/schemas.js';

/*
 * The assessed units of 峄城区 (Yicheng District, Zaozhuang): the two streets and five towns, the two
 * functional zones, and the district departments. Department ids are the ones policy staff use in
 * policy/responsibility.json (industry → departments); a department with no industry there is still
 * assessed on its own duties (study plan, ledgers, meetings, training …).
 */

/** Towns and streets (镇、街道) and the functional zones (峄城经济开发区、峄城化工产业园): 块. */
export const TERRITORIAL_UNITS: readonly Unit[] = [
  { id: 'street-tanshan', kind: 'street', name: '坛山街道' },
  { id: 'street-wulin', kind: 'street', name: '吴林街道' },
  { id: 'town-gushao', kind: 'town', name: '古邵镇' },
  { id: 'town-yinping', kind: 'town', name: '阴平镇' },
  { id: 'town-dige', kind: 'town', name: '底阁镇' },
  { id: 'town-liuyuan', kind: 'town', name: '榴园镇' },
  { id: 'town-eshan', kind: 'town', name: '峨山镇' },
  { id: 'zone-econ-dev', kind: 'zone', name: '峄城经济开发区' },
  { id: 'zone-chem-park', kind: 'zone', name: '峄城化工产业园' },
];

/** District departments (区直部门): 条. The first ten are those of responsibility.json. */
export const DEPARTMENT_UNITS: readonly Unit[] = [
  { id: 'dept-emergency', kind: 'department', name: '区应急管理局' },
  { id: 'dept-natural-resources', kind: 'department', name: '区自然资源局' },
  { id: 'dept-housing', kind: 'department', name: '区住房和城乡建设局' },
  { id: 'dept-transport', kind: 'department', name: '区交通运输局' },
  { id: 'dept-traffic-police', kind: 'department', name: '公安峄城分局交警大队' },
  { id: 'dept-fire', kind: 'department', name: '区消防救援大队' },
  { id: 'dept-market', kind: 'department', name: '区市场监督管理局' },
  { id: 'dept-education', kind: 'department', name: '区教育和体育局' },
  { id: 'dept-health', kind: 'department', name: '区卫生健康局' },
  { id: 'dept-water', kind: 'department', name: '区水务局' },
  // Named or implied by the opinion, with no industry of their own in responsibility.json:
  { id: 'dept-development-reform', kind: 'department', name: '区发展和改革局' },
  { id: 'dept-industry', kind: 'department', name: '区工业和信息化局' },
  { id: 'dept-approval', kind: 'department', name: '区行政审批服务局' },
  { id: 'dept-public-security', kind: 'department', name: '公安峄城分局' },
  { id: 'dept-civil-affairs', kind: 'department', name: '区民政局' },
  { id: 'dept-culture-tourism', kind: 'department', name: '区文化和旅游局' },
];

/** Why each department without an industry in responsibility.json is assessed (the opinion's clause). */
export const DEPARTMENT_DUTIES: Readonly<Record<string, string>> = {
  'dept-development-reform': '三(三)8 煤矿项目核准、产能调控',
  'dept-industry': '三(三)9 加快推进化工产业升级',
  'dept-approval': '三(二)4 行政审批部门联席会议及信息通报制度（审管衔接）',
  'dept-public-security': '三(四)17 停止供应民用爆炸物品',
  'dept-civil-affairs': '三(三)12 养老机构消防安全综合治理',
  'dept-culture-tourism': '三(三)11、12 旅游客车、文博单位、民俗客栈',
};

/** Every assessed unit of the district, territorial units first. */
export const DISTRICT_UNITS: readonly Unit[] = [...TERRITORIAL_UNITS, ...DEPARTMENT_UNITS];

/**
 * The town that answers, with the chemical park's committee, for the park's enterprises
 * (谁受益、谁负责, 三(二)6). The park's host town is a sample assumption.
 */
export const CHEM_PARK_HOST_TOWN = 'town-gushao';
