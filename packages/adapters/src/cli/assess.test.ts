import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { generateDistrict } from '@anquan/rules';
import { closeWorkerPools } from '../batch/workers.js';
import { loadHtmlRenderer } from './commands/assess.js';
import { evaluationResultSchema } from './decision-schema.js';
import { UTF8_BOM } from './format/csv.js';
import { defaultFactsFile } from './io.js';
import { smallDistrict, tempDir, writeFacts } from './__fixtures__/facts.js';
import { runCli } from './__fixtures__/run-cli.js';

/** The lines of a section's table: from its title to the next blank line after the rows. */
function sectionTable(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(title));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (let i = start + 2; i < lines.length && (lines[i] as string).trim() !== ''; i++) rows.push(lines[i] as string);
  return rows;
}

describe('anquan assess (table)', () => {
  it('prints the rankings with aligned columns, awards, actions, accidents and the rule sets', async () => {
    const dir = tempDir();
    const facts = writeFacts(dir);
    const r = await runCli(['assess', '--facts', facts], { cwd: dir });
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('考核年度：2021');
    expect(out).toContain('评估日期：2021-12-31');
    expect(out).toMatch(/yicheng-2021-veto\s+1\.1\.0\s+一票否决\s+[0-9a-f]{12}\n/);
    const territorial = sectionTable(out, '镇街园区排名');
    // header, rule, three units
    expect(territorial).toHaveLength(5);
    expect(territorial[0]).toMatch(/名次\s+单位\s+得分\s+等次\s+一票否决/);
    // The veto column starts at the same display column in every line despite names of different widths.
    const vetoCol = territorial.filter((_, i) => i !== 1).map((l) => stringWidth(l.slice(0, l.search(/一票否决|否$|是：/))));
    expect(vetoCol.every((w) => w > 20)).toBe(true);
    expect(new Set(vetoCol).size).toBe(1);
    expect(territorial.find((l) => l.includes('坛山街道'))).toMatch(/是：责任范围内发生较大及以上生产安全事故/);
    expect(territorial.find((l) => l.includes('阴平镇'))).toMatch(/\d+\.\d{2}\s+\S+\s+否$/);

    const departments = sectionTable(out, '区直部门排名');
    expect(departments.some((l) => l.includes('区应急管理局') && l.includes('是：'))).toBe(true);
    const awards = sectionTable(out, '安全生产奖励');
    expect(awards[2]).toMatch(/^\s+1\s+丙机械有限公司\s+\d+\.\d{2}\s+改善安全生产条件、参加抢险救护$/);
    expect(out).toMatch(/参评 4 家，符合奖励条件 2 家，获奖 2 家/);
    expect(out).toContain('SUSPEND_FOR_RECTIFICATION 停产整顿（1 家）');
    expect(out).toMatch(/乙建筑有限公司\s+《中华人民共和国安全生产法》第一百零二条/);
    expect(out).toMatch(/较大事故\s+1\s+acc-1（甲化工有限公司）/);
    expect(sectionTable(out, '输入问题')[0]?.trim()).toBe('无');
  });

  it('switches headings to English with --lang en', async () => {
    const dir = tempDir();
    const r = await runCli(['assess', '--facts', writeFacts(dir), '--lang', 'en'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1. Ranking of towns, streets and zones');
    expect(r.stdout).toContain('2. Ranking of district departments');
    expect(r.stdout).toMatch(/Rank\s+Unit\s+Score\s+Grade\s+Veto/);
    expect(r.stdout).not.toContain('镇街园区排名');
  });

  it('prints input issues but still exits 0 when the assessment ran', async () => {
    const dir = tempDir();
    const facts = smallDistrict();
    (facts.accidents as unknown[]).push({ id: 'acc-x', unitId: 'nobody', occurredOn: '2021-02-03', deaths: 0, seriousInjuries: 0, directLossYuan: 0, concealed: false });
    const r = await runCli(['assess', '--facts', writeFacts(dir, facts)], { cwd: dir });
    expect(r.code).toBe(0);
    const issues = sectionTable(r.stdout, '输入问题');
    expect(issues.some((l) => /nobody\s+\/accidents\/1\/unitId\s+\S/.test(l))).toBe(true);
  });
});

describe('anquan assess --format json', () => {
  it('prints the EvaluationResult, which the decision schema accepts', async () => {
    const dir = tempDir();
    const r = await runCli(['assess', '--facts', writeFacts(dir), '--format', 'json', '--trace'], { cwd: dir });
    expect(r.code).toBe(0);
    const parsed = evaluationResultSchema.safeParse(JSON.parse(r.stdout));
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
    const result = parsed.data!;
    expect(result.decisions).toHaveLength(9);
    expect(result.decisions.find((d) => d.unitId === 'town-a')?.veto?.vetoed).toBe(true);
    expect(result.decisions.every((d) => Array.isArray(d.trace))).toBe(true);
    expect(result.records.accidents?.[0]?.class).toBe('larger');
  });

  it('honours --as-of (mid-year) and --mode reference', async () => {
    const dir = tempDir();
    const r = await runCli(['assess', '--facts', writeFacts(dir), '--format', 'json', '--as-of', '2021-06-30', '--mode', 'reference'], { cwd: dir });
    expect(r.code).toBe(0);
    const result = evaluationResultSchema.parse(JSON.parse(r.stdout));
    expect(result.asOf).toBe('2021-06-30');
    // The hazard of October is not yet known at mid-year: no enforcement action for 乙建筑.
    expect(result.decisions.find((d) => d.unitId === 'ent-2')?.enforcement?.actions).toEqual([]);
  });

  it('with --workers 2 gives what one thread gives (a district of 2,500 enterprises: two chunks)', async () => {
    const dir = tempDir();
    const file = join(dir, 'district.json');
    writeFileSync(file, JSON.stringify(generateDistrict({ seed: 8, enterprises: 2500 })));
    const one = await runCli(['assess', '--facts', file, '--format', 'json'], { cwd: dir });
    const two = await runCli(['assess', '--facts', file, '--format', 'json', '--workers', '2'], { cwd: dir });
    await closeWorkerPools();
    expect(two.code).toBe(0);
    expect(JSON.parse(one.stdout).decisions).toHaveLength(2525);
    expect(two.stdout).toBe(one.stdout);
  });

  it('writes to --out instead of stdout', async () => {
    const dir = tempDir();
    const r = await runCli(['assess', '--facts', writeFacts(dir), '--format', 'json', '--out', 'out/result.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('已写入 out/result.json');
    expect(JSON.parse(readFileSync(join(dir, 'out/result.json'), 'utf8')).year).toBe(2021);
  });
});

describe('anquan assess --format csv', () => {
  it('prints one row per unit after a BOM', async () => {
    const dir = tempDir();
    const r = await runCli(['assess', '--facts', writeFacts(dir), '--format', 'csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(UTF8_BOM)).toBe(true);
    const lines = r.stdout.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('单位标识,单位名称,单位类型,一票否决,得分,等次,名次,符合奖励条件,获奖,奖励名次,执法措施');
    expect(lines).toHaveLength(1 + 9);
    expect(lines.find((l) => l.startsWith('town-a,'))).toMatch(/^town-a,坛山街道,街道,是,\d+\.\d{2},/);
    expect(lines.find((l) => l.startsWith('ent-2,'))).toContain('SUSPEND_FOR_RECTIFICATION;');
  });

  it('has English headers with --lang en', async () => {
    const dir = tempDir();
    const r = await runCli(['--lang', 'en', 'assess', '--facts', writeFacts(dir), '--format', 'csv'], { cwd: dir });
    expect(r.stdout.slice(1).split('\r\n')[0]).toBe('id,name,kind,vetoed,score,grade,rank,eligible,awarded,reward rank,actions');
  });
});

describe('anquan assess --format html', () => {
  it('dispatches to renderHtmlReport when it exists, and says so clearly when it does not', async () => {
    const dir = tempDir();
    const r = await runCli(['assess', '--facts', writeFacts(dir), '--format', 'html'], { cwd: dir });
    if ((await loadHtmlRenderer()) === null) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('HTML 报告模块');
      expect(r.stdout).toBe('');
    } else {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/<html/i);
    }
  });

  it('loads a renderer from the first module that has one', async () => {
    expect(await loadHtmlRenderer(['./no-such-module.js'])).toBeNull();
    const render = await loadHtmlRenderer(['./no-such-module.js', '../__fixtures__/fake-html.js']);
    expect(render).not.toBeNull();
    const html = await render!({ asOf: '2021-12-31', year: 2021, ruleSets: [], decisions: [], records: {}, issues: [] }, { lang: 'zh-CN' });
    expect(html).toContain('<title>2021</title>');
  });
});

describe('anquan assess: facts sources', () => {
  it('reads NDJSON', async () => {
    const dir = tempDir();
    const doc = smallDistrict();
    const lines = [JSON.stringify({ period: doc.period })];
    for (const [collection, list] of Object.entries(doc)) {
      if (collection === 'period') continue;
      for (const record of list as unknown[]) lines.push(JSON.stringify({ collection, record }));
    }
    writeFileSync(join(dir, 'facts.ndjson'), lines.join('\n') + '\n');
    const r = await runCli(['assess', '--facts', 'facts.ndjson', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(evaluationResultSchema.parse(JSON.parse(r.stdout)).decisions).toHaveLength(9);
  });

  it('reads CSV ledgers through a mapping, with the year from --year', async () => {
    const dir = tempDir();
    const mapping = {
      sheets: [
        { sheet: '单位', collection: 'units', columns: { 单位标识: 'id', 名称: 'name', 类型: { field: 'kind', type: 'enum', values: { 镇: 'town', 街道: 'street', 区直部门: 'department' } } } },
        {
          sheet: '事故台账',
          collection: 'accidents',
          columns: {
            事故编号: 'id',
            单位标识: 'unitId',
            发生日期: { field: 'occurredOn', type: 'date' },
            死亡人数: { field: 'deaths', type: 'integer' },
            重伤人数: { field: 'seriousInjuries', type: 'integer' },
            直接经济损失: { field: 'directLossYuan', type: 'integer' },
            是否瞒报: { field: 'concealed', type: 'boolean' },
          },
        },
      ],
    };
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify(mapping));
    writeFileSync(join(dir, '单位.csv'), UTF8_BOM + '单位标识,名称,类型\r\ntown-a,坛山街道,街道\r\ntown-b,阴平镇,镇\r\ndept-1,区应急管理局,区直部门\r\n');
    writeFileSync(join(dir, '事故台账.csv'), '事故编号,单位标识,发生日期,死亡人数,重伤人数,直接经济损失,是否瞒报\nacc-1,town-b,2021-03-01,1,0,100000,否\n');
    const r = await runCli(['assess', '--facts', '单位.csv', '事故台账.csv', '--mapping', 'mapping.json', '--year', '2021', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = evaluationResultSchema.parse(JSON.parse(r.stdout));
    expect(result.year).toBe(2021);
    expect(result.decisions.map((d) => d.unitId)).toEqual(['dept-1', 'town-a', 'town-b']);
    expect(result.records.accidents?.[0]?.class).toBe('general');
  });

  it('needs --mapping and a year for ledgers (usage errors, exit 2)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'u.csv'), 'a\n');
    writeFileSync(join(dir, 'm.json'), '{}');
    const noMapping = await runCli(['assess', '--facts', 'u.csv', '--year', '2021'], { cwd: dir });
    expect(noMapping.code).toBe(2);
    expect(noMapping.stderr).toContain('--mapping');
    const noYear = await runCli(['assess', '--facts', 'u.csv', '--mapping', 'm.json'], { cwd: dir });
    expect(noYear.code).toBe(2);
    expect(noYear.stderr).toContain('--year');
  });

  it('stops with exit 1 and the location when the source cannot be read', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), '{\n  "period": { "year": 2021 },\n  "units": [,]\n}\n');
    const r = await runCli(['assess', '--facts', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.json:3:\d+\s+JSON 语法错误/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('anquan assess: failures', () => {
  it('exits 2 for bad option values and missing files', async () => {
    const dir = tempDir();
    const facts = writeFacts(dir);
    for (const args of [
      ['assess', '--facts', facts, '--as-of', '2021-02-30'],
      ['assess', '--facts', facts, '--format', 'xml'],
      ['assess', '--facts', facts, '--mode', 'fast'],
      ['assess', '--facts', facts, '--workers', '0'],
      ['assess', '--facts', facts, '--workers', 'two'],
      ['assess', '--facts', facts, '--workers', '2', '--mode', 'reference'],
      ['assess', '--facts', 'missing.json'],
      ['assess', '--facts', 'facts.txt'],
      ['assess', '--no-such-option'],
    ]) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).not.toBe('');
    }
  });

  it('exits 1 when the run fails as a whole: invalid rule sets, facts without a period', async () => {
    const dir = tempDir();
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    writeFileSync(join(rules, 'veto.json'), '{\n  "id": "x",\n  "kind": "veto",\n}\n');
    const badRules = await runCli(['assess', '--facts', writeFacts(dir), '--rules', 'rules'], { cwd: dir });
    expect(badRules.code).toBe(1);
    expect(badRules.stderr).toContain('规则集无效');
    expect(badRules.stderr).toMatch(/veto\.json:\d+:\d+\s+\/\s+\S/);

    const noPeriod = await runCli(['assess', '--facts', writeFacts(dir, { units: [] }, 'np.json')], { cwd: dir });
    expect(noPeriod.code).toBe(1);
    expect(noPeriod.stderr).toContain('评估失败');
  });

  it('assesses the bundled sample district with no arguments (or says the sample is missing)', async () => {
    const r = await runCli(['assess', '--format', 'json']);
    const rules = (await import('@anquan/rules')) as Record<string, unknown>;
    if (existsSync(defaultFactsFile()) || typeof rules.sampleDistrict === 'function') {
      expect(r.code).toBe(0);
      const result = evaluationResultSchema.parse(JSON.parse(r.stdout));
      expect(result.decisions.length).toBeGreaterThan(300);
      expect(result.decisions.filter((d) => d.reward?.awarded)).toHaveLength(20);
    } else {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('yicheng-2021.json');
    }
  });
});

describe('issue 16: a forbidden key in one fact record', () => {
  it('rejects that record (its unit reported, undecided) instead of refusing the whole run', async () => {
    const dir = tempDir();
    const text = JSON.stringify(smallDistrict(), null, 2).replace('"id": "acc-1",', '"id": "acc-1",\n      "constructor": {"prototype": {"x": 1}},');
    writeFileSync(join(dir, 'facts.json'), text);
    const r = await runCli(['assess', '--facts', 'facts.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { decisions: Array<{ unitId: string }>; issues: Array<{ code: string; unitId: string; pointer: string }> };
    expect(result.issues.map((i) => [i.code, i.unitId, i.pointer])).toEqual([['INVALID_RECORD', 'ent-1', '/accidents/0']]);
    expect(result.decisions.some((d) => d.unitId === 'ent-1')).toBe(false);
    expect(result.decisions.length).toBe((smallDistrict().units as unknown[]).length - 1);
    expect(({} as { x?: unknown }).x).toBeUndefined();
  });
});
