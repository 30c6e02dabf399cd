/*
 * Fixed, hand-written templates that V8 compiles like code written for one rule set. A loop over
 * columns of leaves (slot, value, destination) pays for its loads, bounds checks and loop control on
 * every leaf, several times what `typeof v[3] === 'number' && v[3] >= 2` costs; a closure with the
 * leaves unrolled in its body and their parameters captured as constants of its context runs at the
 * speed of that expression. Nothing here is generated: the templates below are the only code, rule
 * JSON only fills their constants (see decide.ts).
 */

/** Where results go: the rule results (booleans) or the scratch of a rule set's inner leaves and nodes (0/1). */
export type Bits = { [index: number]: boolean | number };
/** Leaves of one batch: reads `values`, writes each leaf's result into `out`. */
export type Batch = (values: readonly unknown[], out: Bits) => void;

/**
 * A "scalar" leaf, the form of every comparison with a number, `equal` a scalar and `isTrue`: a
 * number fact holds when it lies in [lo, hi] (finite bounds, so NaN and ±Infinity never hold; an
 * empty interval when numbers never hold), any other fact when it is `=== eq`.
 */
export interface ScalarLeaf {
  slot: number;
  lo: number;
  hi: number;
  eq: unknown;
  dest: number;
}

/** The leaves one template takes at most: longer runs are split (decide.ts). */
export const MAX_BATCH = 16;

/**
 * Up to {@link MAX_BATCH} scalar leaves unrolled in one template of 4, 8 or 16 (padded by repeating
 * the last leaf: the same result written twice). A call costs more than several leaves here, so a
 * rule set's single-leaf rules are one call, and three templates keep the site that calls them
 * polymorphic, where V8 inlines them.
 */
export function scalarBatch(l: readonly ScalarLeaf[]): Batch {
  if (l.length === 0 || l.length > MAX_BATCH) throw new Error(`scalarBatch: ${l.length} leaves`);
  return l.length <= 4 ? scalar4(l) : l.length <= 8 ? scalar8(l) : scalar16(l);
}

const at = (l: readonly ScalarLeaf[], i: number): ScalarLeaf => l[Math.min(i, l.length - 1)] as ScalarLeaf;

function scalar4(l: readonly ScalarLeaf[]): Batch {
  const { slot: s0, lo: lo0, hi: hi0, eq: eq0, dest: d0 } = at(l, 0);
  const { slot: s1, lo: lo1, hi: hi1, eq: eq1, dest: d1 } = at(l, 1);
  const { slot: s2, lo: lo2, hi: hi2, eq: eq2, dest: d2 } = at(l, 2);
  const { slot: s3, lo: lo3, hi: hi3, eq: eq3, dest: d3 } = at(l, 3);
  return (v, o) => {
    let x = v[s0];
    o[d0] = typeof x === 'number' ? x >= lo0 && x <= hi0 : x === eq0;
    x = v[s1];
    o[d1] = typeof x === 'number' ? x >= lo1 && x <= hi1 : x === eq1;
    x = v[s2];
    o[d2] = typeof x === 'number' ? x >= lo2 && x <= hi2 : x === eq2;
    x = v[s3];
    o[d3] = typeof x === 'number' ? x >= lo3 && x <= hi3 : x === eq3;
  };
}

function scalar8(l: readonly ScalarLeaf[]): Batch {
  const { slot: s0, lo: lo0, hi: hi0, eq: eq0, dest: d0 } = at(l, 0);
  const { slot: s1, lo: lo1, hi: hi1, eq: eq1, dest: d1 } = at(l, 1);
  const { slot: s2, lo: lo2, hi: hi2, eq: eq2, dest: d2 } = at(l, 2);
  const { slot: s3, lo: lo3, hi: hi3, eq: eq3, dest: d3 } = at(l, 3);
  const { slot: s4, lo: lo4, hi: hi4, eq: eq4, dest: d4 } = at(l, 4);
  const { slot: s5, lo: lo5, hi: hi5, eq: eq5, dest: d5 } = at(l, 5);
  const { slot: s6, lo: lo6, hi: hi6, eq: eq6, dest: d6 } = at(l, 6);
  const { slot: s7, lo: lo7, hi: hi7, eq: eq7, dest: d7 } = at(l, 7);
  return (v, o) => {
    let x = v[s0];
    o[d0] = typeof x === 'number' ? x >= lo0 && x <= hi0 : x === eq0;
    x = v[s1];
    o[d1] = typeof x === 'number' ? x >= lo1 && x <= hi1 : x === eq1;
    x = v[s2];
    o[d2] = typeof x === 'number' ? x >= lo2 && x <= hi2 : x === eq2;
    x = v[s3];
    o[d3] = typeof x === 'number' ? x >= lo3 && x <= hi3 : x === eq3;
    x = v[s4];
    o[d4] = typeof x === 'number' ? x >= lo4 && x <= hi4 : x === eq4;
    x = v[s5];
    o[d5] = typeof x === 'number' ? x >= lo5 && x <= hi5 : x === eq5;
    x = v[s6];
    o[d6] = typeof x === 'number' ? x >= lo6 && x <= hi6 : x === eq6;
    x = v[s7];
    o[d7] = typeof x === 'number' ? x >= lo7 && x <= hi7 : x === eq7;
  };
}

function scalar16(l: readonly ScalarLeaf[]): Batch {
  const { slot: s0, lo: lo0, hi: hi0, eq: eq0, dest: d0 } = at(l, 0);
  const { slot: s1, lo: lo1, hi: hi1, eq: eq1, dest: d1 } = at(l, 1);
  const { slot: s2, lo: lo2, hi: hi2, eq: eq2, dest: d2 } = at(l, 2);
  const { slot: s3, lo: lo3, hi: hi3, eq: eq3, dest: d3 } = at(l, 3);
  const { slot: s4, lo: lo4, hi: hi4, eq: eq4, dest: d4 } = at(l, 4);
  const { slot: s5, lo: lo5, hi: hi5, eq: eq5, dest: d5 } = at(l, 5);
  const { slot: s6, lo: lo6, hi: hi6, eq: eq6, dest: d6 } = at(l, 6);
  const { slot: s7, lo: lo7, hi: hi7, eq: eq7, dest: d7 } = at(l, 7);
  const { slot: s8, lo: lo8, hi: hi8, eq: eq8, dest: d8 } = at(l, 8);
  const { slot: s9, lo: lo9, hi: hi9, eq: eq9, dest: d9 } = at(l, 9);
  const { slot: s10, lo: lo10, hi: hi10, eq: eq10, dest: d10 } = at(l, 10);
  const { slot: s11, lo: lo11, hi: hi11, eq: eq11, dest: d11 } = at(l, 11);
  const { slot: s12, lo: lo12, hi: hi12, eq: eq12, dest: d12 } = at(l, 12);
  const { slot: s13, lo: lo13, hi: hi13, eq: eq13, dest: d13 } = at(l, 13);
  const { slot: s14, lo: lo14, hi: hi14, eq: eq14, dest: d14 } = at(l, 14);
  const { slot: s15, lo: lo15, hi: hi15, eq: eq15, dest: d15 } = at(l, 15);
  return (v, o) => {
    let x = v[s0];
    o[d0] = typeof x === 'number' ? x >= lo0 && x <= hi0 : x === eq0;
    x = v[s1];
    o[d1] = typeof x === 'number' ? x >= lo1 && x <= hi1 : x === eq1;
    x = v[s2];
    o[d2] = typeof x === 'number' ? x >= lo2 && x <= hi2 : x === eq2;
    x = v[s3];
    o[d3] = typeof x === 'number' ? x >= lo3 && x <= hi3 : x === eq3;
    x = v[s4];
    o[d4] = typeof x === 'number' ? x >= lo4 && x <= hi4 : x === eq4;
    x = v[s5];
    o[d5] = typeof x === 'number' ? x >= lo5 && x <= hi5 : x === eq5;
    x = v[s6];
    o[d6] = typeof x === 'number' ? x >= lo6 && x <= hi6 : x === eq6;
    x = v[s7];
    o[d7] = typeof x === 'number' ? x >= lo7 && x <= hi7 : x === eq7;
    x = v[s8];
    o[d8] = typeof x === 'number' ? x >= lo8 && x <= hi8 : x === eq8;
    x = v[s9];
    o[d9] = typeof x === 'number' ? x >= lo9 && x <= hi9 : x === eq9;
    x = v[s10];
    o[d10] = typeof x === 'number' ? x >= lo10 && x <= hi10 : x === eq10;
    x = v[s11];
    o[d11] = typeof x === 'number' ? x >= lo11 && x <= hi11 : x === eq11;
    x = v[s12];
    o[d12] = typeof x === 'number' ? x >= lo12 && x <= hi12 : x === eq12;
    x = v[s13];
    o[d13] = typeof x === 'number' ? x >= lo13 && x <= hi13 : x === eq13;
    x = v[s14];
    o[d14] = typeof x === 'number' ? x >= lo14 && x <= hi14 : x === eq14;
    x = v[s15];
    o[d15] = typeof x === 'number' ? x >= lo15 && x <= hi15 : x === eq15;
  };
}
