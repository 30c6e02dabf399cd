/**
 * The studio in a real headless Chromium (playwright-core with Debian's /usr/bin/chromium), used as a
 * policy clerk would: find clause 三(二)7, raise a deduction through the form, read the impact (the
 * same numbers as `anquan diff`), see an invalid value refused in Chinese, give a reason, save — and
 * the file on disk is valid, version-bumped and differs only where it was edited. Screenshots of each
 * step go to packages/studio/test-artifacts/ (gitignored).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseRuleSet } from '@anquan/core';
import { loadRuleSetDir } from '@anquan/rules';
import { runDiffCliForTest } from '../__fixtures__/diff-cli.js';
import { copyRules, gradeChangingPoints, withPoints } from '../__fixtures__/folder.js';
import { uiDir } from '../server/assets.js';
import { startStudio, type RunningStudio } from '../server/start.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const haveChromium = existsSync(CHROMIUM);
const haveUi = uiDir() !== null;
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

if (!haveChromium) console.warn(`\n[studio.browser.test] SKIPPED: ${CHROMIUM} is missing — install it (apt-get install -y chromium fonts-noto-cjk) to run the studio's browser test.\n`);
else if (!haveUi) console.warn('\n[studio.browser.test] SKIPPED: the page is not built — run npm run build -w @anquan/studio.\n');

const RULE = '/rules/0';
const RULE_ID = 'deduct-general-accident';
const OLD_TITLE = '责任范围内每发生一起一般生产安全事故扣 4 分';

describe.skipIf(!haveChromium || !haveUi)('规则工作台 in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let studio: RunningStudio;
  let folder: ReturnType<typeof copyRules>;
  let original = '';
  /** The heavier deduction the clerk types (one that changes some grade on the sample district). */
  let points = 0;
  let newTitle = '';
  const consoleErrors: string[] = [];
  const foreign: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    folder = copyRules();
    original = readFileSync(join(folder.dir, 'assessment.json'), 'utf8');
    points = await gradeChangingPoints(folder.dir, RULE_ID, -4);
    newTitle = OLD_TITLE.replace('扣 4 分', `扣 ${-points} 分`);
    studio = await startStudio({ rulesDir: folder.dir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, deviceScaleFactor: 1, locale: 'zh-CN' });
    page = await context.newPage();
    // A step that cannot finish fails by name, well inside the test's own timeout.
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    const origin = new URL(studio.url).origin;
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await studio?.close();
    folder?.dispose();
  });

  it('opens on the opinion, finds clause 三(二)7 and the rules that encode it', async () => {
    await page.goto(studio.url);
    await page.getByTestId('search').fill('三(二)7');
    await page.locator('button[data-clause="三(二)7"]').click();
    await expect.poll(() => page.locator('article.clause h2').textContent()).toBe('三(二)7 强化安全生产考核奖惩');
    // 三(二)7 asks for the assessment rules (考核细则): the scorecard's settings rest on it.
    expect(await page.locator('article.clause .rule-card[data-rule="yicheng-2021-assessment"]').count()).toBe(1);
    await shot('01-clause');
  }, 60_000);

  it('raises a deduction through the form and lists who changes, as anquan diff does', async () => {
    await page.locator('article.clause button[data-edit="yicheng-2021-assessment"]').click();
    await page.locator(`.settings-form button[data-edit="${RULE_ID}"]`).click();
    await page.locator(`input[data-pointer="${RULE}/points"]`).fill(String(points));
    await page.locator(`input[data-pointer="${RULE}/title"]`).fill(newTitle);
    const table = page.locator('table.impact-table');
    await expect.poll(() => table.locator('tr[data-aspect="grade"]').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('impact').textContent(), { timeout: 30_000 }).toContain(newTitle);
    await shot('02-impact');

    const edited = withPoints(original, RULE_ID, -4, points).replace(`"title": "${OLD_TITLE}"`, `"title": "${newTitle}"`);
    const cli = (await runDiffCliForTest(folder.dir, { 'assessment.json': edited })) as { impact: Array<{ unitId: string; changes: Array<{ aspect: string; from: unknown; to: unknown }> }> };
    const show = (v: unknown) => (v === true ? '是' : v === false ? '否' : v === null ? '无' : Array.isArray(v) ? v.join('、') : String(v));
    const expected = cli.impact.flatMap((u) => u.changes.map((c) => [u.unitId, c.aspect, `${show(c.from)} → ${show(c.to)}`])).sort();
    const shown = (await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-unit'), r.getAttribute('data-aspect'), r.querySelector('td.fromto')?.textContent ?? '']))).sort();
    expect(shown).toEqual(expected);
    const grades = await table.locator('tr[data-aspect="grade"]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-unit'), r.querySelector('td.fromto')?.textContent]));
    expect(grades.length).toBe(cli.impact.filter((u) => u.changes.some((c) => c.aspect === 'grade')).length);
    expect(await page.getByTestId('impact-summary').textContent()).toContain(`${cli.impact.length} 个单位或记录的决定有变化`);

    await page.getByTestId('impact-filter').selectOption('town');
    const kinds = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')));
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.length).toBeLessThan(shown.length);
    await page.getByTestId('impact-filter').selectOption('');

    // The change's HTML diff report, for the leadership meeting.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    const report = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toMatch(/^规则变更影响报告-\d{4}-\d{2}-\d{2}\.html$/);
    expect(report).toContain(`的分值由 -4 改为 ${points}`);
  }, 120_000);

  it('shows an invalid value in Chinese and refuses to save it', async () => {
    const input = page.locator(`input[data-pointer="${RULE}/points"]`);
    await input.fill('-1.255');
    await expect.poll(() => page.locator(`.error[data-pointer="${RULE}/points"]`).first().textContent(), { timeout: 30_000 }).toBe('分值最多两位小数');
    await page.getByTestId('who').fill('王科员');
    await page.getByTestId('why').fill('试一个不合法的分值');
    expect(await page.getByTestId('save').isDisabled()).toBe(true);
    expect(await page.getByTestId('save-blocked').textContent()).toMatch(/^有 \d+ 个错误，改正后才能保存$/);
    await input.fill('abc');
    await expect.poll(() => page.locator(`.error[data-pointer="${RULE}/points"]`).first().textContent()).toBe('请输入数字（扣分写负数，例如 -4）');
    expect(await page.getByTestId('save').isDisabled()).toBe(true);
    await shot('03-invalid');
    await input.fill(String(points));
    await expect.poll(() => page.locator(`.error[data-pointer="${RULE}/points"]`).count(), { timeout: 30_000 }).toBe(0);
  }, 60_000);

  it('needs a reason, then saves: valid, version bumped, only the edited lines differ', async () => {
    await page.getByTestId('why').fill('');
    expect(await page.getByTestId('save-blocked').textContent()).toBe('请填写修改理由（必填）');
    await page.getByTestId('why').fill(`按 2021 年考核细则，一般事故每起扣分提高到 ${-points} 分`);
    await expect.poll(() => page.getByTestId('save').isDisabled(), { timeout: 30_000 }).toBe(false);
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toContain('已保存 assessment.json，版本 1.2.0');
    await shot('04-saved');

    const saved = readFileSync(join(folder.dir, 'assessment.json'), 'utf8');
    const parsed = parseRuleSet(saved, 'assessment.json');
    expect(parsed.ok).toBe(true);
    expect(loadRuleSetDir(folder.dir).ok).toBe(true);
    const a = original.split('\n');
    const b = saved.split('\n');
    expect(b.length).toBe(a.length);
    const differing = a.flatMap((line, i) => (line === b[i] ? [] : [[line.trim(), b[i]?.trim()]]));
    expect(differing).toEqual([
      ['"version": "1.1.0",', '"version": "1.2.0",'],
      [`"title": "${OLD_TITLE}",`, `"title": "${newTitle}",`],
      ['"points": -4,', `"points": ${points},`],
    ]);
    const log = readFileSync(join(folder.dir, 'changes.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log).toEqual([expect.objectContaining({ who: '王科员', why: `按 2021 年考核细则，一般事故每起扣分提高到 ${-points} 分`, fromVersion: '1.1.0', toVersion: '1.2.0' })]);
  }, 60_000);

  it('had no console errors and asked nothing of any other host', () => {
    expect(consoleErrors.map((e) => e.slice(0, 300))).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('opens a malformed rule file with its errors shown, in the JSON view', async () => {
    const broken = copyRules();
    const text = readFileSync(join(broken.dir, 'veto.json'), 'utf8');
    writeFileSync(join(broken.dir, 'veto.json'), text.replace('"kind": "veto",', '"kind": "veto",,'));
    const other = await startStudio({ rulesDir: broken.dir });
    try {
      await page.goto(other.url);
      await page.locator('button[data-file="veto.json"]').click();
      await expect.poll(() => page.getByTestId('file-errors').textContent(), { timeout: 30_000 }).toMatch(/^本文件有 1 个错误：第 \d+ 行第 \d+ 列/);
      expect(await page.locator('.json-view .cm-editor').count()).toBe(1);
      await expect.poll(() => page.locator('.json-view .cm-lint-marker-error').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await shot('05-malformed');
    } finally {
      await page.goto('about:blank');
      await other.close();
      broken.dispose();
    }
  }, 120_000);
});
