import type { RecordBinding } from '../facts/domain.js';

type Obj = Record<string, unknown>;

/**
 * The units tied together by binding records (a report naming another unit's accident: the report's
 * record fact finds the accident by id), fed record by record — from a document's lists or a file's
 * lines — and asked once everything is read. Units a binding ties must be decided in one part.
 */
export class BindingTracker {
  /** By target collection: the units of each target record id. */
  private readonly targets = new Map<string, Map<string, Set<unknown>>>();
  /** Binding records met: their collection's binding, their unit, the target id they name. */
  private readonly named: Array<[RecordBinding, unknown, string]> = [];
  private readonly byCollection = new Map<string, RecordBinding[]>();
  private readonly targetCollections = new Set<string>();

  constructor(bindings: readonly RecordBinding[] = []) {
    for (const b of bindings) {
      const list = this.byCollection.get(b.collection);
      if (list) list.push(b);
      else this.byCollection.set(b.collection, [b]);
      this.targetCollections.add(b.target);
      if (!this.targets.has(b.target)) this.targets.set(b.target, new Map());
    }
  }

  /** The collections whose records `add` looks at (the others need not be read). */
  get reads(): ReadonlySet<string> {
    return new Set([...this.byCollection.keys(), ...this.targetCollections]);
  }

  /** Takes one record of `collection` (anything: only binding and target records are looked at). */
  add(collection: string, record: unknown): void {
    const rec = record as Obj | null | undefined;
    if (this.targetCollections.has(collection) && typeof rec?.id === 'string') {
      const byId = this.targets.get(collection) as Map<string, Set<unknown>>;
      const units = byId.get(rec.id);
      if (units) units.add(rec.unitId);
      else byId.set(rec.id, new Set([rec.unitId]));
    }
    for (const b of this.byCollection.get(collection) ?? []) {
      const named = rec?.[b.field];
      if (typeof named === 'string') this.named.push([b, rec?.unitId, named]);
    }
  }

  /**
   * After every record is read: the unit ids a binding ties to another unit (every unit of both
   * records), and whether a record takes part in a binding — a binding record naming a record that
   * exists, or a target record a binding record names (an owner's such records go with the bound units).
   */
  settle(): { bound: Set<unknown>; linked: (collection: string, record: unknown) => boolean } {
    const bound = new Set<unknown>();
    const namedIds = new Map<string, Set<string>>();
    for (const [b, unitId, id] of this.named) {
      const units = this.targets.get(b.target)?.get(id);
      if (!units) continue;
      let set = namedIds.get(b.target);
      if (!set) namedIds.set(b.target, (set = new Set()));
      set.add(id);
      if (units.size === 1 && units.has(unitId)) continue;
      bound.add(unitId);
      for (const u of units) bound.add(u);
    }
    this.named.length = 0;
    const linked = (collection: string, record: unknown): boolean => {
      const rec = record as Obj | null | undefined;
      if (typeof rec?.id === 'string' && namedIds.get(collection)?.has(rec.id)) return true;
      for (const b of this.byCollection.get(collection) ?? []) {
        const named = rec?.[b.field];
        if (typeof named === 'string' && this.targets.get(b.target)?.has(named)) return true;
      }
      return false;
    };
    return { bound, linked };
  }
}
