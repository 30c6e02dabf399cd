import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPackEngine } from './pack-engine.js';
import { defaultPack, loadPack, packRefOf, parsePackRef } from './load-pack.js';

describe('policy packs for hosts', () => {
  it('loads the default pack from its module reference and makes its engine', async () => {
    const pack = defaultPack();
    const ref = packRefOf(pack);
    expect(ref).toEqual({ specifier: '@anquan/rules', name: 'yicheng2021' });
    const again = await loadPack(ref as NonNullable<typeof ref>);
    expect(again.id).toBe('yicheng-2021');
    const made = createPackEngine(again, { mode: 'compiled' });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const r = made.engine.evaluateSync(again.sample?.());
    expect(r.ok).toBe(true);
  });

  it('parses module#name, resolving paths against the working folder', () => {
    expect(parsePackRef('./packs/a.js#cityPack', '/srv/app')).toEqual({ specifier: pathToFileURL('/srv/app/packs/a.js').href, name: 'cityPack' });
    expect(parsePackRef('@district/pack')).toEqual({ specifier: '@district/pack', name: '' });
  });

  it('refuses a module that cannot be imported, or that exports no pack, in Chinese', async () => {
    await expect(loadPack({ specifier: 'file:///nowhere/pack.js', name: '' })).rejects.toMatchObject({ code: 'PACK_UNAVAILABLE', messages: { 'zh-CN': expect.stringContaining('无法加载政策包') } });
    const dir = mkdtempSync(join(tmpdir(), 'anquan-pack-'));
    const file = join(dir, 'not-a-pack.mjs');
    writeFileSync(file, 'export const pack = { id: "x" };\n');
    await expect(loadPack({ specifier: pathToFileURL(file).href, name: '' })).rejects.toMatchObject({ code: 'PACK_UNAVAILABLE', messages: { 'zh-CN': expect.stringContaining('没有导出政策包「pack」') } });
  });

  it('reports every invalid rule file of a folder given instead of the pack folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anquan-rules-'));
    writeFileSync(join(dir, 'bad.json'), '{ "id": 1 ');
    const made = createPackEngine(defaultPack(), { rulesDir: dir });
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(made.issues[0]).toMatchObject({ file: join(dir, 'bad.json') });
  });
});
