/**
 * `npm run bench:by-hand` — writes bench/by-hand.ts: for every unit-level rule of the bundle, the
 * JavaScript a developer would write for it by hand, over the facts' values by slot. The file is
 * committed and read like hand-written code (the benchmark's ceiling for closures); the benchmark checks
 * that it still numbers the facts as the bundle does and fires the same rules as the engine.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Condition, JsonValue, LeafCondition } from '@anquan/core';
import { isLeaf, segments, unitRuleSets } from './bundle-rules.js';

/** A leaf as JavaScript over `v` (values by slot). */
function jsOf(c: Condition, slot: (leaf: LeafCondition) => number): string {
  if (!isLeaf(c)) {
    if ('not' in c) return `!(${jsOf(c.not, slot)})`;
    const parts = ('all' in c ? c.all : c.any).map((x) => jsOf(x, slot));
    if (parts.length === 0) return 'all' in c ? 'true' : 'false';
    return `(${parts.join('all' in c ? ' && ' : ' || ')})`;
  }
  const s = slot(c);
  let x = `v[${s}]`;
  // A path reads into the unit object (always an object for the `unit` fact).
  for (const seg of segments(c.path)) x = `(${x} !== null && typeof ${x} === 'object' ? (${x} as Record<string, JsonValue>)[${JSON.stringify(seg)}] : undefined)`;
  const value = JSON.stringify(c.value);
  switch (c.operator) {
    case 'equal':
      return `${x} === ${value}`;
    case 'greaterThan':
      return `(typeof ${x} === 'number' && ${x} > ${value})`;
    case 'greaterThanInclusive':
      return `(typeof ${x} === 'number' && ${x} >= ${value})`;
    case 'lessThan':
      return `(typeof ${x} === 'number' && ${x} < ${value})`;
    case 'in':
      return `(${(c.value as JsonValue[]).map((y) => `${x} === ${JSON.stringify(y)}`).join(' || ')})`;
    case 'containsAny':
      return `(Array.isArray(${x}) && (${(c.value as JsonValue[]).map((y) => `${x}.includes(${JSON.stringify(y)})`).join(' || ')}))`;
    default:
      throw new Error(`by hand: operator ${c.operator} not translated`);
  }
}

const slots = new Map<string, number>();
const sets = unitRuleSets(slots);
const lines: string[] = [
  '// Written by `npm run bench:by-hand` (bench/write-by-hand.ts) from the bundled rule sets: do not edit.',
  "import type { JsonValue } from '@anquan/core';",
  '',
  '/** The fact keys by slot, as the engine numbers them for this bundle. */',
  `export const BY_HAND_SLOTS: readonly string[] = ${JSON.stringify([...slots.keys()])};`,
  '',
  '/** Per rule set, each rule as one would write it, into `o`. */',
  'export const BY_HAND: Record<string, (v: readonly JsonValue[], o: boolean[]) => boolean[]> = {',
];
for (const set of sets) {
  lines.push(`  ${JSON.stringify(set.id)}: (v, o) => {`);
  set.rules.forEach((rule, i) => lines.push(`    // ${rule.id}`, `    o[${i}] = ${jsOf(rule.when, set.leafSlot)};`));
  lines.push('    return o;', '  },');
}
lines.push('};', '');
writeFileSync(fileURLToPath(new URL('./by-hand.ts', import.meta.url)), lines.join('\n'));
