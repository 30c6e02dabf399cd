import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { AnquanError, type PolicyPack } from '@anquan/core';
import { yicheng2021 } from '@anquan/rules';

/** Where a pack is exported: a module (package name, file path or URL) and the export's name. */
export interface PackRef {
  specifier: string;
  name: string;
}

/** The pack hosts use when none is named: 峄政发〔2021〕1号. */
export function defaultPack(): PolicyPack {
  return yicheng2021 as unknown as PolicyPack;
}

/** Whether a value has the shape of a pack (a module can export anything). */
function isPack(value: unknown): value is PolicyPack {
  if (value === null || typeof value !== 'object') return false;
  const p = value as Partial<PolicyPack>;
  return typeof p.id === 'string' && typeof p.domain === 'object' && p.domain !== null && Array.isArray(p.ruleSetDirs);
}

/**
 * Parses `module#name` (the name defaults to `pack`, then the default export). A relative or absolute
 * path is resolved against `cwd` and imported by file URL; anything else is a package name.
 */
export function parsePackRef(text: string, cwd: string = process.cwd()): PackRef {
  const hash = text.lastIndexOf('#');
  const module = hash > 0 ? text.slice(0, hash) : text;
  const name = hash > 0 ? text.slice(hash + 1) : '';
  const isPath = module.startsWith('.') || isAbsolute(module);
  return { specifier: isPath ? pathToFileURL(resolve(cwd, module)).href : module, name };
}

/**
 * Imports a pack. Failures are AnquanErrors in Chinese and English (`PACK_UNAVAILABLE`). `importModule`:
 * how the module is imported (a worker thread running TypeScript sources passes its own).
 */
export async function loadPack(ref: PackRef, importModule: (specifier: string) => Promise<unknown> = (specifier) => import(specifier)): Promise<PolicyPack> {
  let module: Record<string, unknown>;
  try {
    module = (await importModule(ref.specifier)) as Record<string, unknown>;
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AnquanError('PACK_UNAVAILABLE', { 'zh-CN': `无法加载政策包「${ref.specifier}」：${why}`, en: `cannot load the policy pack "${ref.specifier}": ${why}` });
  }
  const names = ref.name ? [ref.name] : ['pack', 'default'];
  for (const name of names) if (isPack(module[name])) return module[name];
  const wanted = ref.name || 'pack';
  throw new AnquanError('PACK_UNAVAILABLE', { 'zh-CN': `模块「${ref.specifier}」没有导出政策包「${wanted}」（需含 id、domain、ruleSetDirs）`, en: `the module "${ref.specifier}" exports no policy pack "${wanted}" (with id, domain, ruleSetDirs)` });
}

/** Where a worker thread finds `pack` (null: it cannot, and the host decides on one thread). */
export function packRefOf(pack: PolicyPack): PackRef | null {
  return pack.module ? { specifier: pack.module.specifier, name: pack.module.name } : null;
}
