import type { Ctx, DistrictFact } from './facts/define.js';
import type { Slots } from './unit-records.js';

/** What a derived value may be (`undefined` marks one not computed yet). */
type Derived = object | string | number | boolean | null;

/**
 * Values derived from a unit's records that several facts read, each kept in a slot of the unit's
 * window view (`perWindow`) or of the unit's records (`perUnit`). The slots are handed out while a
 * domain's facts are defined (`defineFacts`) and fixed after: the registry belongs to the domain, the
 * values to the evaluation's state.
 */
export class Derivations {
  private window = 0;
  private unit = 0;
  private closed = false;

  /**
   * A value derived from a unit's records in a window, computed once per unit and window and shared by
   * the facts that read it. `compute` must depend only on the unit and window (not on params).
   */
  perWindow<T extends Derived>(compute: (ctx: Ctx) => T): (ctx: Ctx) => T {
    const slot = this.take('window');
    return (ctx) => {
      const values = ctx.state.viewOf(ctx.unit, ctx.window).values;
      let v = values[slot] as T | undefined;
      if (v === undefined) values[slot] = v = compute(ctx);
      return v;
    };
  }

  /**
   * A value derived from a unit's records alone, whatever the window: computed once per evaluation for
   * the units that answer for enterprises (their digests are long), once per unit for the others.
   * `compute` must depend only on the unit.
   */
  perUnit<T extends Derived>(compute: (ctx: Ctx) => T): (ctx: Ctx) => T {
    const slot = this.take('unit');
    return (ctx) => {
      const values = ctx.state.viewOf(ctx.unit, ctx.window).records.unitValues();
      let v = values[slot] as T | undefined;
      if (v === undefined) values[slot] = v = compute(ctx);
      return v;
    };
  }

  private take(kind: 'window' | 'unit'): number {
    if (this.closed) throw new Error('derived values are declared while the facts are defined (defineFacts), not after');
    return this[kind]++;
  }

  /** Closes the registry: the slots each state sizes its views with. */
  close(): Slots {
    this.closed = true;
    return Object.freeze({ window: this.window, unit: this.unit });
  }
}

/** Defines a domain's facts with a registry of their derived values: the facts, and the slots a state keeps for them. */
export function defineFacts(define: (derive: Derivations) => DistrictFact[]): { facts: DistrictFact[]; slots: Slots } {
  const derive = new Derivations();
  const facts = define(derive);
  return { facts, slots: derive.close() };
}
