/**
 * Seeded mutations of JSON documents for the fuzz suite: replace a value somewhere in the tree with
 * a value of the wrong type or range, delete a key, repeat an array element, or add a key. The same
 * seed gives the same inputs (pure-rand, no Math.random).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundledRuleSetDirs } from '@anquan/rules';

/** Inputs per target: small under `npm test`, ≥ 2,000 under `npm run fuzz` (ANQUAN_FUZZ_RUNS). */
export const FUZZ_RUNS = Math.max(1, Number(process.env.ANQUAN_FUZZ_RUNS ?? 25) || 25);
export const FUZZ_SEED = Number(process.env.ANQUAN_FUZZ_SEED ?? 16) || 16;

/** A small deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD: readonly unknown[] = [0, -1, 0.5, 1e308, -0, 3660, 100000, '', '180', '3', '02-31', '2021-02-30', '2021-13-01', 'x'.repeat(300), '\u0000', '甲', null, true, false, [], [1, 'a'], {}, { fact: 'x' }, { days: 0 }, { days: '180' }, { constructor: 1 }, 'town-x', 'ent-000001', 'dept-e'];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every (container, key) pair of the tree, so a mutation can pick one. */
function slots(root: Json): Array<{ parent: Json[] | { [k: string]: Json }; key: string | number }> {
  const out: Array<{ parent: Json[] | { [k: string]: Json }; key: string | number }> = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const v = stack.pop() as Json;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        stack.push(x);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        out.push({ parent: v, key: k });
        stack.push(v[k] as Json);
      }
    }
  }
  return out;
}

/** 1–3 mutations of a copy of `doc`. */
export function mutate<T>(doc: T, next: () => number): T {
  const copy = structuredClone(doc) as Json;
  const n = 1 + Math.floor(next() * 3);
  for (let m = 0; m < n; m++) {
    const all = slots(copy);
    if (all.length === 0) break;
    const { parent, key } = all[Math.floor(next() * all.length)] as (typeof all)[number];
    const kind = next();
    const weird = structuredClone(WEIRD[Math.floor(next() * WEIRD.length)]) as Json;
    if (kind < 0.6) (parent as Record<string | number, Json>)[key] = weird;
    else if (kind < 0.75) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (kind < 0.85 && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]) as Json);
    else if (!Array.isArray(parent)) parent[`extra${m}`] = weird;
    else parent[key as number] = weird;
  }
  return copy as T;
}

/** The bundled rule sets, as parsed JSON, by file name. */
export function bundledRuleSets(): Record<string, unknown> {
  // The law pack's folder and the district's: the district's rule sets build on the law's.
  const files = bundledRuleSetDirs().flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f)));
  return Object.fromEntries(files.map((file) => [basename(file), JSON.parse(readFileSync(file, 'utf8')) as unknown]));
}

/** A stack frame or a path inside node_modules: never in a message meant for a person. */
export const INTERNALS = /\n\s+at .+:\d+|node_modules|Cannot read properties|is not a function|undefined is not/;
