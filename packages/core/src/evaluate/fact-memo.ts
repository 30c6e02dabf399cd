import { factKey } from '../conditions/compiled.js';
import type { FactResolver } from '../conditions/evaluator.js';
import { toJson, type Domain, type PreparedInput, type UnitFactContext, type UnitRecord, type Window } from '../facts/domain.js';
import { BUILTIN_UNIT_FACTS } from '../ruleset/check.js';
import type { JsonValue } from './decision.js';

const EMPTY_PARAMS: Readonly<Record<string, JsonValue>> = Object.freeze({});

/**
 * The facts of one window, memoised for one unit at a time: values live in one array per window,
 * reused unit after unit — a slot is the current unit's when its stamp is the current generation (no
 * map per unit, no string keys built per lookup, no closure made per unit).
 */
export class WindowFacts {
  unit: UnitRecord | undefined = undefined;
  generation = 0;
  /** The shared context of the current unit's parameterless facts. */
  plain: UnitFactContext<unknown> | undefined = undefined;
  readonly values: JsonValue[] = [];
  readonly stamps: number[] = [];
  readonly resolve: FactResolver;
  readonly fact: (id: string, params?: Readonly<Record<string, JsonValue>>) => JsonValue;

  constructor(
    memo: FactMemo,
    readonly window: Window,
  ) {
    this.resolve = (id, params, key, slot) => memo.factValue(this, id, params, key, slot);
    this.fact = (id, params) => memo.factValue(this, id, params, undefined, undefined);
  }

  moveTo(unit: UnitRecord, generation: number): void {
    this.unit = unit;
    this.generation = generation;
    this.plain = undefined;
  }
}

/** What every fact of a run's units sees besides its unit and window. */
export interface FactScope {
  asOf: string;
  year: number;
  input: PreparedInput;
  state: unknown;
}

/**
 * The unit facts of one run: computed by the domain's providers on first use, memoised per unit and
 * window (see WindowFacts). Windows are `from/to` keys; the same key is the same Window object, which
 * a domain may use to find what it built for that window.
 */
export class FactMemo {
  /** The memoised facts of each window (of the unit last resolved in it). */
  private readonly windowFacts = new Map<string, WindowFacts>();
  private readonly windows = new Map<string, Window>();
  /** Slots of fact keys no rule set names (e.g. a fact asking for another with computed params), after the engine's. */
  private readonly extraSlots = new Map<string, number>();
  /** The fact definition behind each slot (null: no such fact). */
  private readonly slotDefs: Array<Domain<unknown>['facts'][number] | null> = [];
  private readonly factDefs: ReadonlyMap<string, Domain<unknown>['facts'][number]>;
  private generation = 0;

  constructor(
    domain: Domain<unknown>,
    /** The engine's slots of the fact keys its rule sets name (not changed by a run). */
    private readonly slots: ReadonlyMap<string, number>,
    private readonly scope: FactScope,
  ) {
    this.factDefs = new Map(domain.facts.filter((f) => !BUILTIN_UNIT_FACTS.has(f.id)).map((f) => [f.id, f]));
  }

  /** The window's memo, made the unit's if it was another unit's. */
  factsOf(unit: UnitRecord, windowKey: string): WindowFacts {
    let facts = this.windowFacts.get(windowKey);
    if (!facts) {
      facts = new WindowFacts(this, this.windowFor(windowKey));
      this.windowFacts.set(windowKey, facts);
    }
    if (facts.unit !== unit) facts.moveTo(unit, ++this.generation);
    return facts;
  }

  private windowFor(key: string): Window {
    let w = this.windows.get(key);
    if (!w) {
      const [from, to] = key.split('/') as [string, string];
      w = { from, to };
      this.windows.set(key, w);
    }
    return w;
  }

  /** The memo slot of a fact key: the engine's, else one of this run's own. */
  private slotOf(key: string): number {
    let slot = this.slots.get(key) ?? this.extraSlots.get(key);
    if (slot === undefined) this.extraSlots.set(key, (slot = this.slots.size + this.extraSlots.size));
    return slot;
  }

  /** The value of a fact of the current unit of `facts` (see WindowFacts), computed on first use. */
  factValue(facts: WindowFacts, id: string, params: Readonly<Record<string, JsonValue>> | undefined, key: string | undefined, slot: number | undefined): JsonValue {
    if (slot === undefined) slot = this.slotOf(key ?? factKey(id, params));
    const { values, stamps, generation } = facts;
    if (stamps[slot] === generation) return values[slot] as JsonValue;
    const unit = facts.unit as UnitRecord;
    const { asOf, year, input, state } = this.scope;
    let v: JsonValue;
    if (id === 'unit') v = toJson(unit);
    else if (id === 'asOf') v = asOf;
    else {
      let def = this.slotDefs[slot];
      if (def === undefined) def = this.slotDefs[slot] = this.factDefs.get(id) ?? null;
      if (def === null) v = null;
      else {
        // Most facts take no params: they share one context per unit (a fact with params gets its own).
        const ctx: UnitFactContext<unknown> =
          params === undefined
            ? (facts.plain ??= { unit, window: facts.window, asOf, year, input, state, params: EMPTY_PARAMS, fact: facts.fact })
            : { unit, window: facts.window, asOf, year, input, state, params, fact: facts.fact };
        const raw = def.compute(ctx);
        // toJson, with the scalars done here.
        v = typeof raw === 'number' ? (Number.isFinite(raw) ? raw : null) : typeof raw === 'string' || typeof raw === 'boolean' ? raw : toJson(raw);
      }
    }
    values[slot] = v;
    stamps[slot] = generation;
    return v;
  }
}
