/**
 * 第三方事实来源：用 defineSource 把一份自有格式的台账（每行“单位|类型|名称|行业|属地”，事故行以 ! 开头）
 * 读成事实数据，逐行报告问题（行号、列名），再交给引擎评估。
 * A third-party fact source: defineSource turns a home-grown ledger format into a facts document,
 * reports every bad line with its row and column, and the engine evaluates the result.
 *
 *   npx tsx --conditions=@anquan/source examples/custom-source.ts
 */
import { createDistrictEngine } from '@anquan/rules';
import { defineSource, type FactSource, type SourceIssue } from '@anquan/adapters';

const LEDGER = `# 单位|类型|名称|行业|属地
town-a|town|坛山街道||
town-b|town|阴平镇||
dept-emergency|department|区应急管理局||
ent-1|enterprise|甲化工有限公司|hazardous_chemicals|town-a
ent-2|enterprise|乙建筑有限公司|construction|town-b
ent-3|enterprise|丙公司||town-b
# 事故：!编号|单位|日期|死亡|重伤|直接损失（元）
!acc-1|ent-1|2021-05-01|3|0|1200000
!acc-2|ent-2|2021-07-15|x|0|10000
`;

/** A source made by a factory: a name and read(); plain data in, facts and issues out. */
function pipeLedgerSource(text: string, file = 'ledger.txt'): FactSource {
  return defineSource({
    name: 'pipe-ledger',
    read() {
      const units: Record<string, unknown>[] = [];
      const accidents: Record<string, unknown>[] = [];
      const issues: SourceIssue[] = [];
      text.split('\n').forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) return;
        const row = i + 1;
        if (line.startsWith('!')) {
          const [id, unitId, occurredOn, deaths, injuries, loss] = line.slice(1).split('|');
          const n = [deaths, injuries, loss].map((v) => Number(v));
          const bad = ['死亡', '重伤', '直接损失'].find((_, k) => !Number.isInteger(n[k]));
          if (bad !== undefined) {
            issues.push({ code: 'BAD_NUMBER', location: { file, row, column: bad }, message: { 'zh-CN': `第 ${row} 行「${bad}」不是整数`, en: `row ${row}: "${bad}" is not an integer` } });
            return;
          }
          accidents.push({ id, unitId, occurredOn, deaths: n[0], seriousInjuries: n[1], directLossYuan: n[2], concealed: false });
          return;
        }
        const [id, kind, name, industry, jurisdiction] = line.split('|');
        const unit: Record<string, unknown> = { id, kind, name };
        if (industry) unit.industry = industry;
        if (jurisdiction) unit.jurisdiction = jurisdiction;
        units.push(unit);
      });
      return { facts: { period: { year: 2021 }, units, accidents }, issues };
    },
  });
}

const source = pipeLedgerSource(LEDGER);
const { facts, issues } = await source.read();
for (const i of issues) console.log(`source issue: ${i.location.file}:${i.location.row} [${i.location.column}] ${i.message['zh-CN']}`);

const created = createDistrictEngine();
if (!created.ok) throw new Error(created.issues.map((i) => i.message.en).join('\n'));
const evaluated = await created.engine.evaluate(facts);
if (!evaluated.ok) {
  console.error(evaluated.error.messages['zh-CN']);
  process.exit(1);
}
const { result } = evaluated;
for (const i of result.issues) console.log(`input issue: ${i.pointer} ${i.message['zh-CN']}`);
for (const d of result.decisions) console.log(`${d.unitId} ${d.name}: ${d.veto?.vetoed ? '一票否决 / vetoed' : '未否决 / not vetoed'}`);
await source.dispose?.();
