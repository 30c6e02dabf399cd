/**
 * Renders the report in a real headless Chromium (playwright-core, the system's /usr/bin/chromium):
 * it must render without console errors or network requests, draw one bar per ranked unit, and print
 * to A4. A full-page screenshot goes to test-artifacts/report.png (gitignored) for a human to look at.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { diffRuleSets, impactOf, type EvaluationResult } from '@anquan/core';
import { bundledRuleSetDir, createDistrictEngine, districtDomain, loadRuleSetDir } from '@anquan/rules';
import { renderHtmlReport } from './html.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const haveChromium = existsSync(CHROMIUM);
const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/', import.meta.url));

if (!haveChromium) {
  console.warn(`\n[html.browser.test] SKIPPED: ${CHROMIUM} is missing — install it (apt-get install -y chromium) to run the browser test of the HTML report.\n`);
}

/** The bundled sample facts (packages/rules/sample/yicheng-2021.json). */
function sampleFacts(): unknown {
  const rulesDir = dirname(createRequire(import.meta.url).resolve('@anquan/rules/package.json'));
  return JSON.parse(readFileSync(join(rulesDir, 'sample', 'yicheng-2021.json'), 'utf8')) as unknown;
}

async function evaluate(rulesDir: string, facts: unknown): Promise<EvaluationResult> {
  const created = createDistrictEngine({ rulesDir });
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  const run = await created.engine.evaluate(facts, { trace: true });
  if (!run.ok) throw new Error(run.error.message);
  return run.result;
}

describe.skipIf(!haveChromium)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let result: EvaluationResult;
  let html: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let tmp = '';

  beforeAll(async () => {
    const facts = sampleFacts() as { units: Array<{ id: string; jurisdiction?: string }> };
    result = await evaluate(bundledRuleSetDir(), facts);
    // A diff for the optional section: one deduction a point heavier.
    tmp = mkdtempSync(join(tmpdir(), 'anquan-report-'));
    cpSync(bundledRuleSetDir(), tmp, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    const file = join(tmp, 'assessment.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { version: string; rules: Array<{ id: string; points: number }> };
    doc.version = '1.1.0';
    for (const r of doc.rules) if (r.id === 'deduct-no-ledger') r.points = -4;
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const after = await evaluate(tmp, facts);
    const before = loadRuleSetDir(bundledRuleSetDir());
    const next = loadRuleSetDir(tmp);
    if (!before.ok || !next.ok) throw new Error('rule folders do not load');
    const labels = Object.fromEntries(districtDomain().facts.map((f) => [f.id, f.label['zh-CN']]));
    const jurisdictions = Object.fromEntries(facts.units.filter((u) => u.jurisdiction).map((u) => [u.id, u.jurisdiction as string]));
    html = renderHtmlReport(after, { jurisdictions, changes: diffRuleSets(before.ruleSets, next.ruleSets, { factLabels: labels }), impact: impactOf(result, after) });
    result = after;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1, offline: true });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    page.on('request', (r) => requests.push(r.url()));
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    await page.setContent(html, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('renders without console errors and without any network request', async () => {
    expect(await page.title()).toBe('2021 年度安全生产考核报告');
    expect(await page.locator('h1').textContent()).toBe('2021 年度安全生产考核报告');
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
  });

  it('draws one visible bar per ranked unit, vetoed units in red', async () => {
    const ranked = result.decisions.filter((d) => d.assessment?.rank !== null && d.assessment !== undefined);
    expect(ranked.length).toBeGreaterThan(20);
    const bars = page.locator('svg rect[data-unit]');
    expect(await bars.count()).toBe(ranked.length);
    const ids = await bars.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-unit')));
    expect([...ids].sort()).toEqual(ranked.map((d) => d.unitId).sort());
    const widths = await bars.evaluateAll((rs) => rs.map((r) => (r as SVGRectElement).getBoundingClientRect().width));
    for (const w of widths) expect(w).toBeGreaterThan(0);
    const vetoed = ranked.filter((d) => d.veto?.vetoed).map((d) => d.unitId);
    expect(vetoed.length).toBeGreaterThan(0);
    const fills = await page.locator('svg rect[data-veto="true"]').evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-unit'), getComputedStyle(r).fill]));
    expect(fills.map(([id]) => id).sort()).toEqual([...vetoed].sort());
    for (const [, fill] of fills) expect(fill).toBe('rgb(198, 40, 40)');
  });

  it('shows every section, and the diff', async () => {
    for (const id of ['ranking', 'veto', 'reward', 'enforcement', 'records', 'diff', 'rulesets']) expect(await page.locator(`section#${id}`).count(), id).toBe(1);
    expect(await page.locator('#reward tbody tr').count()).toBe(20);
    expect(await page.locator('#diff').textContent()).toContain('的分值由 -3 改为 -4');
  });

  it('prints to A4, one section per page at least, and saves a full-page screenshot', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'report.html'), html);
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'report.png'))).toBe(true);
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.locator('section').evaluateAll((ss) => ss.map((s) => getComputedStyle(s).breakBefore));
    expect(breaks[0]).toBe('auto');
    expect(breaks.slice(1).every((b) => b === 'page')).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(ARTIFACTS, 'report.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(7);
    console.log(`[html.browser.test] screenshot: ${join(ARTIFACTS, 'report.png')}; PDF: ${pages} A4 pages`);
  }, 60_000);
});
