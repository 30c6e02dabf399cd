/**
 * The shape of the code, checked: no import cycle inside any package's sources, and data flowing one
 * way between packages (core knows no policy and no host; the rules know no host).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Every .ts/.tsx source (not a test, not a fixture) under `dir`. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== '__fixtures__') out.push(...sources(path));
    } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The module specifiers a file imports or re-exports at load time (type-only imports included: tsc resolves them too). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]/gm)) found.push(m[1] as string);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push(m[1] as string);
  return found;
}

/** A relative specifier resolved to its source file (`./x.js` → `x.ts`, a folder → its index). */
function resolveLocal(from: string, spec: string, files: ReadonlySet<string>): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (files.has(candidate)) return candidate;
  return null;
}

/** The cycles of a graph (Tarjan's strongly connected components of more than one file, or a file importing itself). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, indexOf.get(w) as number));
    }
    if (low.get(v) !== indexOf.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return found;
}


const packages = readdirSync(join(root, 'packages')).filter((p) => statSync(join(root, 'packages', p, 'src')).isDirectory());

describe('architecture', () => {
  it.each(packages)('packages/%s/src has no import cycle', (name) => {
    const files = sources(join(root, 'packages', name, 'src'));
    const set = new Set(files);
    const graph = new Map(files.map((f) => [f, specifiers(f).filter((s) => s.startsWith('.')).flatMap((s) => resolveLocal(f, s, set) ?? [])]));
    expect(cycles(graph).map((c) => c.map((f) => relative(root, f)))).toEqual([]);
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  /** Which workspace packages each package may import: data flows core → rules → adapters → studio. */
  const allowed: Record<string, readonly string[]> = {
    core: [],
    rules: ['@anquan/core'],
    adapters: ['@anquan/core', '@anquan/rules'],
    studio: ['@anquan/core', '@anquan/rules', '@anquan/adapters'],
  };
  it.each(packages)('packages/%s imports only the packages below it', (name) => {
    const wrong: string[] = [];
    for (const f of sources(join(root, 'packages', name, 'src'))) {
      for (const s of specifiers(f)) {
        const pkg = /^@anquan\/[^/]+/.exec(s)?.[0];
        if (pkg && pkg !== `@anquan/${name}` && !(allowed[name] ?? []).includes(pkg)) wrong.push(`${relative(root, f)} → ${s}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
