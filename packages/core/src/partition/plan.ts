/**
 * Splitting a facts document by the domain's partition (facts/domain.ts: PartitionDefinition) into
 * pieces decided apart — on worker threads, or in turns — and merged back by merge.ts (no threads here).
 *
 * The local units (a district's enterprises) are decided from their own unit record and records only; the others
 * (the owners: a district's towns and departments) aggregate the local units' records of some collections
 * (`shared`; none when they are decided from the chunks' digests, as evaluateInWorkers does). So a
 * document splits into
 *
 *   the head     the document with every unit (local ones too: their fields say who answers for them;
 *                or, with `headUnits: 'notLocal'`, only the units no chunk decides), every record of
 *                the non-local and unknown units, and every record of the shared collections; it
 *                decides the non-local units, and it alone reports document-level issues and those
 *                of non-local or unknown units;
 *   chunks       runs of local units (in id order) with all their own records; each decides its units
 *                and reports their issues.
 *
 * Pieces are documents of the caller's own objects (nothing is copied); each keeps, for every list,
 * the positions its items had in the document, so that issue pointers are mapped back.
 *
 * Exactness rules (the cases a split would change are kept whole, or the document is not split):
 *   - a unit id that repeats, a record id that repeats within a collection (whatever its records'
 *     validity), and a binding record that names a record of another unit (a district's report naming
 *     another unit's accident: PartitionDefinition.bindings) make the units involved non-local: they go, with all their
 *     records, to the head, which sees everything they see in the whole document;
 *   - not split at all (`null`): a document that is not an object with a units array, more records than
 *     the engine's limit (the engine fails such a document as a whole), a domain without a partition, or a
 *     local unit that answers for others (its id is named by another local unit's `ownerFields`, or is
 *     one of the partition's `owners`) — its facts would aggregate records of other chunks.
 */
import { DEFAULT_INPUT_LIMITS } from '../evaluate/input.js';
import type { Domain } from '../facts/domain.js';
import { BindingTracker } from './bindings.js';
import { compareIds } from '../order/ids.js';

export interface SplitOptions {
  /** The domain: its record collections and its partition (none: the document is not split). */
  domain: Pick<Domain, 'collections' | 'partition'>;
  /** Collections of the local units' records the owners read from records (default none: from digests). */
  shared?: readonly string[];
  /** Local units per chunk. */
  chunkSize: number;
  /** Only decide these units (every unit's facts and issues still count). */
  units?: readonly string[] | undefined;
  /**
   * The head's units: all of them (default: the non-local units aggregate the local ones from their
   * records), or only those not decided by a chunk (the non-local units aggregate from digests).
   */
  headUnits?: 'all' | 'notLocal';
}

/** A document made of some of the facts' lists, with the positions their items had there. */
export interface Piece {
  doc: Record<string, unknown>;
  /** Position in the document of each unit of `doc.units` (null: `doc.units` is the document's own list). */
  unitAt: number[] | null;
  /** The same for the records of each collection (a missing entry: the document's own list). */
  recordAt: Record<string, number[]>;
  /** The units this piece decides (undefined: all of its units). */
  decide: string[] | undefined;
}

export interface Split {
  head: Piece;
  /** Runs of local units in id order: concatenated, their decisions are in id order. */
  chunks: Piece[];
  /** Whether a unit is local (decided by a chunk). */
  isLocal(unitId: string): boolean;
  /** The partition's local unit kinds (the head's units of other kinds are the owners). */
  localKinds: ReadonlySet<string>;
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sets `key` as an own property (a key such as "__proto__" stays a key, as JSON.parse leaves it). */
function put(doc: Obj, key: string, value: unknown): void {
  Object.defineProperty(doc, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The index in `positions` (units in id order) of the unit with `id`, or -1. */
function findId(positions: readonly number[], idAt: (i: number) => string, id: string): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareIds(idAt(positions[mid] as number), id);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** Splits `facts` by locality; null when it must be evaluated whole. */
export function splitFacts(facts: unknown, options: SplitOptions): Split | null {
  const partition = options.domain.partition;
  if (!partition || !isObject(facts) || !Array.isArray(facts.units)) return null;
  const units: readonly unknown[] = facts.units;
  const localKinds: ReadonlySet<string> = new Set(partition.localKinds);
  const domainCollections = Object.keys(options.domain.collections);
  const collections = domainCollections.filter((c) => Array.isArray(facts[c]));
  let recordCount = 0;
  for (const c of collections) recordCount += (facts[c] as unknown[]).length;
  if (recordCount > DEFAULT_INPUT_LIMITS.maxRecords || units.length > DEFAULT_INPUT_LIMITS.maxUnits) return null;

  // The units: local ones by their kind; the others' ids (a few).
  const idAt = (i: number): string => (units[i] as Obj).id as string;
  const candidates: number[] = [];
  const others = new Set<string>();
  /** Ids of units kept whole in the head (see the module header). */
  const pinned = new Set<string>();
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (!isObject(u) || typeof u.id !== 'string') continue;
    if (typeof u.kind === 'string' && localKinds.has(u.kind)) candidates.push(i);
    else if (others.has(u.id)) pinned.add(u.id);
    else others.add(u.id);
  }
  // In id order: exports usually are (then one comparison a unit), and a repeated id is next to itself.
  let sorted = true;
  for (let k = 1; k < candidates.length && sorted; k++) sorted = compareIds(idAt(candidates[k - 1] as number), idAt(candidates[k] as number)) < 0;
  if (!sorted) {
    candidates.sort((a, b) => compareIds(idAt(a), idAt(b)) || a - b);
    for (let k = 1; k < candidates.length; k++) if (idAt(candidates[k - 1] as number) === idAt(candidates[k] as number)) pinned.add(idAt(candidates[k] as number));
  }
  for (const id of others) if (findId(candidates, idAt, id) >= 0) pinned.add(id);
  // Record ids that repeat within a collection: their units are kept whole (which occurrence the
  // engine reports depends on the records of all of them). Exports are usually in id order, where
  // nothing can repeat: then one comparison a record.
  for (const c of collections) {
    const list = facts[c] as unknown[];
    let ascending = true;
    let prev = '';
    for (let i = 0; i < list.length && ascending; i++) {
      const id = (list[i] as Obj | undefined)?.id;
      ascending = typeof id === 'string' && (i === 0 || compareIds(prev, id) < 0);
      if (ascending) prev = id as string;
    }
    if (ascending) continue;
    const byId = new Map<string, unknown>();
    const repeated = new Set<string>();
    for (const r of list) {
      const id = (r as Obj | undefined)?.id;
      if (typeof id !== 'string') continue;
      if (byId.has(id)) repeated.add(id);
      else byId.set(id, r);
    }
    if (repeated.size === 0) continue;
    for (const r of list) {
      const rec = r as Obj | undefined;
      if (typeof rec?.id === 'string' && repeated.has(rec.id) && typeof rec.unitId === 'string') pinned.add(rec.unitId);
    }
  }
  // A binding record finds the record it names by id: the units of both stay in one piece.
  const bindings = new BindingTracker(partition.bindings);
  const reads = bindings.reads;
  for (const c of collections) if (reads.has(c)) for (const r of facts[c] as unknown[]) bindings.add(c, r);
  for (const id of bindings.settle().bound) if (typeof id === 'string') pinned.add(id);

  const localAt = pinned.size === 0 ? candidates : candidates.filter((i) => !pinned.has(idAt(i)));
  const only = options.units ? new Set(options.units) : null;
  const size = Math.max(1, Math.floor(options.chunkSize));
  const chunks: Piece[] = [];
  for (let start = 0; start < localAt.length; start += size) {
    const at = localAt.slice(start, start + size);
    const doc: Obj = {};
    put(doc, 'period', facts.period);
    put(doc, 'units', at.map((i) => units[i]));
    chunks.push({ doc, unitAt: at, recordAt: {}, decide: only ? at.map(idAt).filter((id) => only.has(id)) : undefined });
  }
  const chunkOf = localLookup(localAt, idAt, others, pinned);
  // A local unit that answers for other units would aggregate their records: not split.
  for (const id of partition.owners ?? []) if (chunkOf(id) >= 0) return null;
  for (const u of units) {
    if (!isObject(u) || !localKinds.has(u.kind as string)) continue;
    for (const field of partition.ownerFields) {
      const owner = u[field];
      if (typeof owner === 'string' && chunkOf(owner) >= 0) return null;
    }
  }

  // The records: a local unit's to its chunk; the head takes whole lists where it can.
  const head: Obj = {};
  const headAt: Record<string, number[]> = {};
  const shared = new Set(options.shared);
  const isCollection = new Set(domainCollections);
  for (const key of Object.keys(facts)) {
    const value = facts[key];
    if (!isCollection.has(key) || !Array.isArray(value)) {
      put(head, key, value);
      continue;
    }
    const list: readonly unknown[] = value;
    const whole = shared.has(key);
    /** The head's records of a collection it does not take whole (built from the first local record on). */
    let kept: unknown[] | null = null;
    let keptAt: number[] | null = null;
    let lastUnit: unknown;
    let chunk = -1;
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      const unitId = isObject(r) ? r.unitId : undefined;
      // Records of one unit usually come together: one lookup per run.
      if (unitId !== lastUnit || i === 0) {
        lastUnit = unitId;
        chunk = typeof unitId === 'string' ? Math.floor(chunkOf(unitId) / size) : -1;
      }
      if (chunk >= 0) {
        const piece = chunks[chunk] as Piece;
        let into = piece.doc[key] as unknown[] | undefined;
        if (!into) put(piece.doc, key, (into = []));
        into.push(r);
        (piece.recordAt[key] ??= []).push(i);
        if (!whole && !kept) {
          kept = list.slice(0, i);
          keptAt = kept.map((_, k) => k);
        }
      } else if (kept && keptAt) {
        kept.push(r);
        keptAt.push(i);
      }
    }
    if (kept && keptAt) {
      put(head, key, kept);
      headAt[key] = keptAt;
    } else put(head, key, list);
  }
  let headUnitAt: number[] | null = null;
  if (options.headUnits === 'notLocal') {
    // Every unit a chunk does not decide (invalid unit records included: the head reports them).
    const inChunk = new Uint8Array(units.length);
    for (const i of localAt) inChunk[i] = 1;
    headUnitAt = [];
    for (let i = 0; i < units.length; i++) if (inChunk[i] === 0) headUnitAt.push(i);
    put(head, 'units', headUnitAt.map((i) => units[i]));
  }
  const nonLocal = [...new Set([...others, ...pinned])].filter((id) => !only || only.has(id));
  return { head: { doc: head, unitAt: headUnitAt, recordAt: headAt, decide: nonLocal }, chunks, isLocal: (id) => chunkOf(id) >= 0, localKinds };
}

/**
 * The position among the local units (in id order) of a unit id, or -1. Records usually follow their
 * units in id order, and the other units are few: so the next local units and the others are tried
 * before a search (a map is built only for a document that keeps missing).
 */
function localLookup(localAt: readonly number[], idAt: (i: number) => string, others: ReadonlySet<string>, pinned: ReadonlySet<string>): (id: string) => number {
  let cursor = 0;
  let misses = 0;
  let byId: Map<string, number> | undefined;
  return (id) => {
    // The current unit or one of the next few (units without records of a collection are skipped).
    for (let k = cursor, end = Math.min(cursor + 8, localAt.length); k < end; k++) if (idAt(localAt[k] as number) === id) return (cursor = k);
    if (others.has(id) || pinned.has(id)) return -1;
    // A search costs about what 1/8 of the map's building costs a unit: the map only when that pays.
    if (!byId && ++misses > 64 + (localAt.length >> 3)) byId = new Map(localAt.map((i, k) => [idAt(i), k]));
    const k = byId ? (byId.get(id) ?? -1) : findId(localAt, idAt, id);
    if (k >= 0) cursor = k;
    return k;
  };
}

