import type { JsonValue } from '../evaluate/decision.js';
import type { Condition, LeafCondition } from '../ruleset/schema.js';
import { OPERATORS } from './operators.js';
import { applySegments, parsePath } from './path.js';
import { MAX_BATCH, scalarBatch, type Batch, type ScalarLeaf } from './unrolled.js';

/*
 * Deciding a rule set from facts already resolved by slot, about as fast as closures written by hand
 * for its rules, with no code generated from rule text (rule JSON is untrusted: no eval, no Function).
 *
 * A tree of closures (one per leaf, one per all/any) costs a call per node, and its call sites see
 * every kind of leaf, so V8 inlines none of them; a loop over columns of leaves pays loads and loop
 * control per leaf. Here nearly every leaf — a comparison with a number, `equal` a scalar, `isTrue` —
 * becomes one form (a number in [lo, hi], anything else === a value). The rules that are one such
 * leaf (after `all`/`any` of one child and `not` of `not` are unwrapped; most rules) go, up to 16 at
 * a time, into one fixed template whose body has them unrolled, their slots and values constants of
 * its closure (unrolled.ts): one call for them all. The other rules are trees in columns that one
 * function walks, short-circuiting like `&&` and `||`; the facts are resolved already, so skipping
 * a leaf skips no provider's call, and every leaf is a pure test of its value.
 *
 * Each form is the operator's own semantics (operators.ts) for that rule value: decide.prop.test.ts
 * checks every leaf against `evaluate`, the differential tests the engine against json-rules-engine.
 */

/** Never === to a fact value: the `eq` of leaves that only numbers satisfy. */
const NEVER = Symbol('never');
const MAX = Number.MAX_VALUE;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isScalar = (v: unknown): boolean => v === null || typeof v !== 'object';

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);
/** The least double above a finite `t` (MIN_VALUE above ±0; Infinity above MAX_VALUE). */
function nextUp(t: number): number {
  if (t === 0) return Number.MIN_VALUE;
  bits[0] = t;
  word[0] = (word[0] as bigint) + (t > 0 ? 1n : -1n);
  return bits[0];
}
const nextDown = (t: number): number => -nextUp(-t);

/**
 * A leaf's scalar form, when its operator and value have one: x > t is x ≥ nextUp(t) on doubles,
 * x < t is x ≤ nextDown(t); the bounds are finite, so only finite numbers hold, as in operators.ts.
 */
function scalarForm(operator: string, value: JsonValue): Omit<ScalarLeaf, 'slot' | 'dest'> | null {
  switch (operator) {
    case 'greaterThanInclusive':
      return isNum(value) ? { lo: value, hi: MAX, eq: NEVER } : null;
    case 'greaterThan':
      return isNum(value) ? { lo: nextUp(value), hi: MAX, eq: NEVER } : null;
    case 'lessThanInclusive':
      return isNum(value) ? { lo: -MAX, hi: value, eq: NEVER } : null;
    case 'lessThan':
      return isNum(value) ? { lo: -MAX, hi: nextDown(value), eq: NEVER } : null;
    case 'isTrue':
      return { lo: 1, hi: 0, eq: true };
    case 'equal':
      // A scalar rule value is compared with === (operators.ts): as an interval for finite numbers.
      if (typeof value === 'number') return Number.isFinite(value) ? { lo: value, hi: value, eq: NEVER } : null;
      return isScalar(value) ? { lo: 1, hi: 0, eq: value } : null;
    default:
      return null;
  }
}

/** `all`/`any` of one child is the child, `not` of `not` is the child: the same booleans. */
function unwrap(c: Condition): Condition {
  for (;;) {
    if ('all' in c && c.all.length === 1) c = c.all[0] as Condition;
    else if ('any' in c && c.any.length === 1) c = c.any[0] as Condition;
    else if ('not' in c && 'not' in c.not) c = c.not.not;
    else return c;
  }
}

/* Node kinds of the trees of rules that are not one scalar leaf. */
const ALL = 0;
const ANY = 1;
const NOT = 2;
/** A scalar leaf, its fact value read through its path if it has one. */
const SCALAR = 3;
/** Any other leaf: its operator bound to its rule value (operators.ts), after its path. */
const OTHER = 4;

/**
 * The trees of a rule set's rules that are not one scalar leaf, in columns by node number: one
 * function ({@link holds}) walks them for every rule set, a loop per all/any, short-circuiting as
 * `&&` and `||` do in code written by hand (the facts are resolved: skipping a leaf skips no
 * provider call). A call per node, or per leaf, would cost more than the node.
 */
class Trees {
  readonly kind: number[] = [];
  /** all/any: the first of its children in `children`, and how many; not: its child's node. */
  readonly first: number[] = [];
  readonly count: number[] = [];
  readonly children: number[] = [];
  readonly slot: number[] = [];
  readonly lo: number[] = [];
  readonly hi: number[] = [];
  readonly eq: unknown[] = [];
  readonly segments: Array<readonly string[] | null | undefined> = [];
  readonly test: Array<((factValue: unknown) => boolean) | null> = [];

  /** Adds a condition's tree; returns its root node. */
  add(c: Condition, slotOf: (leaf: LeafCondition) => number): number {
    c = unwrap(c);
    const node = this.kind.length;
    this.push(ALL, 0, 0, -1, null, undefined, null);
    if ('fact' in c) {
      const form = scalarForm(c.operator, c.value as JsonValue);
      const segments = c.path ? parsePath(c.path) : undefined;
      const op = OPERATORS.get(c.operator);
      if (!op) throw new Error(`unknown operator ${c.operator}`);
      this.kind[node] = form ? SCALAR : OTHER;
      this.slot[node] = slotOf(c);
      this.segments[node] = segments;
      if (form) {
        this.lo[node] = form.lo;
        this.hi[node] = form.hi;
        this.eq[node] = form.eq;
      } else this.test[node] = op.bind(c.value);
      return node;
    }
    if ('not' in c) {
      this.kind[node] = NOT;
      this.first[node] = this.add(c.not, slotOf);
      return node;
    }
    const kids = ('all' in c ? c.all : c.any).map((x) => this.add(x, slotOf));
    this.kind[node] = 'all' in c ? ALL : ANY;
    this.first[node] = this.children.length;
    this.count[node] = kids.length;
    this.children.push(...kids);
    return node;
  }

  private push(kind: number, first: number, count: number, slot: number, eq: unknown, segments: undefined, test: null): void {
    this.kind.push(kind);
    this.first.push(first);
    this.count.push(count);
    this.slot.push(slot);
    this.lo.push(1);
    this.hi.push(0);
    this.eq.push(eq);
    this.segments.push(segments);
    this.test.push(test);
  }
}

/** Whether scalar leaf `i` of `t` holds for `values` (small: inlined where it is called). */
function scalarHolds(t: Trees, i: number, values: readonly unknown[]): boolean {
  let x = values[t.slot[i] as number];
  const segments = t.segments[i];
  if (segments !== undefined) x = applySegments(x, segments);
  return typeof x === 'number' ? x >= (t.lo[i] as number) && x <= (t.hi[i] as number) : x === t.eq[i];
}

/** Whether node `i` of `t` holds for `values`; scalar children are tested in place, not by a call. */
function holds(t: Trees, i: number, values: readonly unknown[]): boolean {
  switch (t.kind[i]) {
    case SCALAR:
      return scalarHolds(t, i, values);
    case ALL: {
      const end = (t.first[i] as number) + (t.count[i] as number);
      for (let k = t.first[i] as number; k < end; k++) {
        const c = t.children[k] as number;
        if (!(t.kind[c] === SCALAR ? scalarHolds(t, c, values) : holds(t, c, values))) return false;
      }
      return true;
    }
    case ANY: {
      const end = (t.first[i] as number) + (t.count[i] as number);
      for (let k = t.first[i] as number; k < end; k++) {
        const c = t.children[k] as number;
        if (t.kind[c] === SCALAR ? scalarHolds(t, c, values) : holds(t, c, values)) return true;
      }
      return false;
    }
    case NOT:
      return !holds(t, t.first[i] as number, values);
    default: {
      const x = values[t.slot[i] as number];
      const segments = t.segments[i];
      return (t.test[i] as (fv: unknown) => boolean)(segments === undefined ? x : applySegments(x, segments));
    }
  }
}

/** A rule set's conditions, ready to decide from resolved facts. */
export class Decider {
  /** The rules that are one scalar leaf (no path), unrolled in templates. */
  private readonly direct: Batch[];
  private readonly trees = new Trees();
  /** The other rules: their positions and their trees' roots. */
  private readonly rules: Int32Array;
  private readonly roots: Int32Array;

  /** `slotOf` gives a leaf's slot in the values `decide` reads. */
  constructor(conditions: readonly Condition[], slotOf: (leaf: LeafCondition) => number) {
    const scalars: ScalarLeaf[] = [];
    const rules: number[] = [];
    const roots: number[] = [];
    conditions.forEach((when, rule) => {
      const c = unwrap(when);
      const form = 'fact' in c && !c.path ? scalarForm(c.operator, c.value as JsonValue) : null;
      if ('fact' in c && form) scalars.push({ ...form, slot: slotOf(c), dest: rule });
      else {
        rules.push(rule);
        roots.push(this.trees.add(c, slotOf));
      }
    });
    this.direct = [];
    for (let i = 0; i < scalars.length; i += MAX_BATCH) this.direct.push(scalarBatch(scalars.slice(i, i + MAX_BATCH)));
    this.rules = Int32Array.from(rules);
    this.roots = Int32Array.from(roots);
  }

  /** Whether each rule holds, from `values` by slot, into `out` (at the rules' positions). */
  decide(values: readonly unknown[], out: boolean[]): void {
    const direct = this.direct;
    for (let i = 0; i < direct.length; i++) (direct[i] as Batch)(values, out);
    const { rules, roots, trees } = this;
    for (let i = 0; i < rules.length; i++) out[rules[i] as number] = holds(trees, roots[i] as number, values);
  }
}
