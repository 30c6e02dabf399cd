/**
 * A small district for the CLI tests (all units and events fictitious):
 * - 坛山街道 (town-a): 甲化工 has an accident with 3 deaths (较大事故, 493号令 第三条) → the street,
 *   the enterprise and the emergency bureau are vetoed (峄政发〔2021〕1号 二、三(二)7).
 * - 阴平镇 (town-b): 乙建筑 has an open major hazard with a real danger → 停产整顿 and 挂牌督办 (三(四)17).
 * - 丙机械 and 丁纺织 have verified achievements → reward candidates (三(二)7).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function smallDistrict(): Record<string, unknown> {
  return {
    period: { year: 2021 },
    units: [
      { id: 'town-a', kind: 'street', name: '坛山街道' },
      { id: 'town-b', kind: 'town', name: '阴平镇' },
      { id: 'zone-a', kind: 'zone', name: '峄城经济开发区' },
      { id: 'dept-emergency', kind: 'department', name: '区应急管理局' },
      { id: 'dept-housing', kind: 'department', name: '区住房和城乡建设局' },
      { id: 'ent-1', kind: 'enterprise', name: '甲化工有限公司', industry: 'hazardous_chemicals', jurisdiction: 'town-a' },
      { id: 'ent-2', kind: 'enterprise', name: '乙建筑有限公司', industry: 'construction', jurisdiction: 'town-b' },
      { id: 'ent-3', kind: 'enterprise', name: '丙机械有限公司', industry: 'industry_trade', jurisdiction: 'zone-a' },
      { id: 'ent-4', kind: 'enterprise', name: '丁纺织有限公司', industry: 'industry_trade', jurisdiction: 'town-b' },
    ],
    accidents: [{ id: 'acc-1', unitId: 'ent-1', occurredOn: '2021-05-01', deaths: 3, seriousInjuries: 0, directLossYuan: 1_200_000, concealed: false }],
    hazards: [{ id: 'hz-1', unitId: 'ent-2', level: 'major', foundOn: '2021-10-01', deadline: '2021-11-30', rectifiedOn: null, concealed: false, realDanger: true }],
    achievements: [
      { id: 'ach-1', unitId: 'ent-3', category: 'improved_conditions', date: '2021-04-01', verified: true, level: 'province' },
      { id: 'ach-2', unitId: 'ent-3', category: 'rescue', date: '2021-06-01', verified: true, level: 'district' },
      { id: 'ach-3', unitId: 'ent-4', category: 'accident_prevention', date: '2021-07-01', verified: true, level: 'city' },
    ],
  };
}

/** A fresh temporary folder for one test. */
export function tempDir(prefix = 'anquan-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `smallDistrict()` (or `facts`) into a temporary folder and returns the file path. */
export function writeFacts(dir: string, facts: unknown = smallDistrict(), name = 'facts.json'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(facts, null, 2) + '\n');
  return file;
}
