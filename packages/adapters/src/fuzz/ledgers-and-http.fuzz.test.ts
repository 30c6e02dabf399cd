/**
 * Fuzz (issue 16): mutated CSV and XLSX ledgers and mutated HTTP bodies, seeded and bounded. A source
 * never throws and names every problem in Chinese without internals; the HTTP handler never answers
 * 500, never shows a stack trace, and an assessment decides or reports every unit it was given.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { districtEngineOrThrow } from '@anquan/rules';
import { createFetchHandler } from '../http/handler.js';
import { csvSource } from '../sources/csv-source.js';
import type { LedgerMappingInput } from '../sources/ledger-mapping.js';
import { xlsxSource } from '../sources/xlsx-source.js';
import { smallFacts } from '../http/__fixtures__/facts.js';
import { FUZZ_RUNS, FUZZ_SEED, INTERNALS, mutate, rng } from './__fixtures__/mutate.js';

const dir = mkdtempSync(join(tmpdir(), 'anquan-fuzz-ledgers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MAPPING: LedgerMappingInput = {
  sheets: [
    { sheet: '单位台账', collection: 'units', columns: { 单位编号: 'id', 单位名称: 'name', 类型: 'kind' } },
    { sheet: '事故台账', collection: 'accidents', columns: { 事故编号: 'id', 单位编号: 'unitId', 发生日期: { field: 'occurredOn', type: 'date' }, 死亡人数: { field: 'deaths', type: 'integer' }, 是否瞒报: { field: 'concealed', type: 'boolean' } } },
  ],
};
const UNITS = ['单位编号,单位名称,类型', 'U1,某某化工,enterprise', 'T1,城关镇,town'];
const ACCIDENTS = ['事故编号,单位编号,发生日期,死亡人数,是否瞒报', 'A1,U1,2021/3/5,1,否', 'A2,U1,2021-04-01,0,是'];
const PIECES = ['', ',', '"', '""', '\n', '\r\n', '\uFEFF', '三', '-1', '1e999', '2021/2/30', '__proto__', 'constructor', '=1+1', 'x'.repeat(2000), '\u0000', '是', '否', 'N'];

/** A CSV text with a few characters, cells or lines changed. */
function mutateCsv(lines: readonly string[], next: () => number): string {
  const out = [...lines];
  const n = 1 + Math.floor(next() * 3);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(next() * out.length);
    const piece = PIECES[Math.floor(next() * PIECES.length)] as string;
    const line = out[at] as string;
    const cut = Math.floor(next() * (line.length + 1));
    const r = next();
    if (r < 0.5) out[at] = line.slice(0, cut) + piece + line.slice(cut + 1);
    else if (r < 0.7) out.splice(at, 1);
    else out.push(line.split(',').map((c) => (next() < 0.3 ? piece : c)).join(','));
  }
  return out.join(next() < 0.5 ? '\n' : '\r\n');
}

const clean = (issues: ReadonlyArray<{ code: string; message: { 'zh-CN': string; en: string } }>) =>
  issues.filter((i) => typeof i.code !== 'string' || i.message['zh-CN'].length === 0 || INTERNALS.test(i.message['zh-CN'] + i.message.en));

describe(`fuzz: ${FUZZ_RUNS} inputs per target (seed ${FUZZ_SEED})`, () => {
  it('mutated CSV ledgers: read() never throws; every issue has a code and a message without internals', async () => {
    const next = rng(FUZZ_SEED + 2);
    const bad: unknown[] = [];
    for (let i = 0; i < FUZZ_RUNS; i++) {
      const files = [
        { text: mutateCsv(UNITS, next), sheet: '单位台账', file: 'units.csv' },
        { text: mutateCsv(ACCIDENTS, next), sheet: '事故台账', file: 'accidents.csv' },
      ];
      const r = await csvSource({ files, mapping: MAPPING }).read();
      const wrong = clean(r.issues);
      if (wrong.length > 0) bad.push({ i, files, wrong });
    }
    expect(bad).toEqual([]);
  }, 600_000);

  it('mutated XLSX workbooks (bytes flipped, cut short): read() never throws; issues are clean', async () => {
    const wb = new ExcelJS.Workbook();
    const u = wb.addWorksheet('单位台账');
    for (const l of UNITS) u.addRow(l.split(','));
    const a = wb.addWorksheet('事故台账');
    for (const l of ACCIDENTS) a.addRow(l.split(','));
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    const next = rng(FUZZ_SEED + 3);
    const bad: unknown[] = [];
    const file = join(dir, 'fuzz.xlsx');
    for (let i = 0; i < FUZZ_RUNS; i++) {
      const bytes = Buffer.from(good);
      const flips = 1 + Math.floor(next() * 4);
      for (let k = 0; k < flips; k++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      writeFileSync(file, next() < 0.2 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes);
      // A damaged archive can leave the unzip stream waiting forever: the reader's time bound ends it (an issue).
      const r = await xlsxSource({ file, mapping: MAPPING, timeoutMs: 5000 }).read();
      const wrong = clean(r.issues);
      if (wrong.length > 0) bad.push({ i, wrong });
    }
    expect(bad).toEqual([]);
  }, 600_000);

  it('mutated HTTP bodies and content types: no 500, no stack trace; every unit decided or reported', async () => {
    const handler = createFetchHandler({ engine: districtEngineOrThrow(), token: 'fuzz-token-0123456789' });
    const next = rng(FUZZ_SEED + 4);
    const types = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', ''];
    const paths = ['/v1/assess', '/v1/assess?trace=true', '/v1/explain', '/v1/validate', '/v1/assess?asOf=2021-02-30'];
    const bad: unknown[] = [];
    for (let i = 0; i < FUZZ_RUNS; i++) {
      const facts = mutate(smallFacts(), next);
      const path = paths[Math.floor(next() * paths.length)] as string;
      const type = types[Math.floor(next() * types.length)] as string;
      const body = path === '/v1/explain' ? JSON.stringify({ facts, unitId: 'town-a' }) : path === '/v1/validate' ? JSON.stringify(mutate({ files: [{ name: 'x.json', text: '{}' }] }, next)) : JSON.stringify(facts);
      const raw = next() < 0.1 ? body.slice(0, Math.floor(next() * body.length)) : body;
      const headers: Record<string, string> = { authorization: 'Bearer fuzz-token-0123456789' };
      if (type !== '') headers['content-type'] = type;
      const res = await handler(new Request('http://fuzz' + path, { method: 'POST', headers, body: raw }));
      const text = await res.text();
      let dropped: string[] = [];
      if (res.status === 200 && path.startsWith('/v1/assess')) {
        const r = JSON.parse(text) as { decisions: Array<{ unitId: string }>; issues: Array<{ unitId: string | null }> };
        const named = new Set([...r.decisions.map((d) => d.unitId), ...r.issues.map((x) => x.unitId)]);
        const ids = Array.isArray((facts as { units?: unknown }).units) ? ((facts as { units: Array<{ id?: unknown } | null> }).units.map((x) => x?.id).filter((x): x is string => typeof x === 'string')) : [];
        dropped = ids.filter((id) => !named.has(id));
      }
      if (res.status >= 500 || INTERNALS.test(text) || dropped.length > 0 || (res.status >= 400 && !/"code":"[A-Z_]+"/.test(text))) bad.push({ i, path, type, status: res.status, text: text.slice(0, 300), dropped });
    }
    expect(bad).toEqual([]);
  }, 600_000);
});
