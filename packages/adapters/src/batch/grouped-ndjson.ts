/**
 * Writes a facts document as the NDJSON evaluateNdjsonStream reads: the period, then the non-local
 * units with their own records, then each local unit followed by its own records. The same lines
 * as `ndjsonSource` reads back into the same document (collections in the same order within each).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { defaultPack } from '../packs/load-pack.js';

type Doc = Record<string, unknown>;

/** The local unit kinds of the default pack's partition. */
const defaultLocalKinds = (): readonly string[] => defaultPack().domain.partition?.localKinds ?? [];

/** Lines of a facts document, grouped by unit (local units last, each with its records); `localKinds` default the default pack's. */
export function* groupedNdjsonLines(facts: Doc, localKinds: readonly string[] = defaultLocalKinds()): Generator<string> {
  const local = new Set(localKinds);
  const units = (Array.isArray(facts.units) ? facts.units : []) as Doc[];
  const collections = Object.keys(facts).filter((k) => k !== 'period' && k !== 'units' && k !== '$schema' && Array.isArray(facts[k]));
  const byUnit = new Map<unknown, Array<[string, Doc]>>();
  const orphans: Array<[string, Doc]> = [];
  const unitIds = new Set(units.map((u) => u.id));
  for (const c of collections) {
    for (const r of facts[c] as Doc[]) {
      const id = (r as Doc | null)?.unitId;
      if (!unitIds.has(id)) {
        orphans.push([c, r]);
        continue;
      }
      const list = byUnit.get(id);
      if (list) list.push([c, r]);
      else byUnit.set(id, [[c, r]]);
    }
  }
  if (facts.period !== undefined) yield JSON.stringify({ period: facts.period });
  const recordsOf = function* (id: unknown): Generator<string> {
    for (const [c, r] of byUnit.get(id) ?? []) yield JSON.stringify({ collection: c, record: r });
    byUnit.delete(id);
  };
  for (const u of units) {
    if (local.has(String(u.kind))) continue;
    yield JSON.stringify({ collection: 'units', record: u });
    yield* recordsOf(u.id);
  }
  for (const [c, r] of orphans) yield JSON.stringify({ collection: c, record: r });
  for (const u of units) {
    if (!local.has(String(u.kind))) continue;
    yield JSON.stringify({ collection: 'units', record: u });
    yield* recordsOf(u.id);
  }
}

/** Writes {@link groupedNdjsonLines} to a file. */
export async function writeGroupedNdjson(facts: Doc, file: string, localKinds?: readonly string[]): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let buf = '';
  for (const line of groupedNdjsonLines(facts, localKinds)) {
    buf += line + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  if (buf) out.write(buf);
  out.end();
  await once(out, 'finish');
}
