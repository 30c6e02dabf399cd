import type { z } from 'zod';
import type { Bilingual } from '../errors/messages.js';
import type { PolicyText } from '../ruleset/policy-text.js';
import type { JsonValue } from '../evaluate/decision.js';
import type { ParamSchemas } from './params.js';

/** The minimum every unit record has; a domain's unit schema adds its own fields. */
export interface UnitRecord {
  id: string;
  kind: string;
  name: string;
  [field: string]: unknown;
}

/** The minimum every fact record (accident, hazard, order…) has: its id and the unit it belongs to. */
export interface FactRecord {
  id: string;
  unitId: string;
  [field: string]: unknown;
}

/** Validated input, handed to a domain's `prepare` (`preparedInput` builds one; its indexes are built on first read). */
export interface PreparedInput {
  year: number;
  asOf: string;
  units: readonly UnitRecord[];
  unitsById: ReadonlyMap<string, UnitRecord>;
  /** Each unit's position in `units`, by id. */
  unitIndex: ReadonlyMap<string, number>;
  /** Valid records of each collection, sorted by id, with record-level outputs (e.g. `grade`) added. */
  records: Readonly<Record<string, readonly FactRecord[]>>;
  /** Records of each collection grouped by their unitId. */
  recordsByUnit: Readonly<Record<string, ReadonlyMap<string, readonly FactRecord[]>>>;
  /**
   * The records of a collection by the position of their unit in `units` (`undefined`: none), built
   * on first call: the grouping to read when units are visited in order, without a lookup by id.
   * Empty for a collection the domain does not define.
   */
  recordsAt(collection: string): ReadonlyArray<readonly FactRecord[] | undefined>;
}

/** The inclusive calendar window a unit is being evaluated for (a score period, or the year to date). */
export interface Window {
  from: string;
  to: string;
}

/** What a unit-level fact provider sees. */
export interface UnitFactContext<State = unknown> {
  readonly unit: UnitRecord;
  readonly window: Window;
  readonly asOf: string;
  readonly year: number;
  readonly input: PreparedInput;
  /** The domain's prepared state (indexes built once per evaluation). */
  readonly state: State;
  readonly params: Readonly<Record<string, JsonValue>>;
  /** Another fact of the same unit and window (memoised). */
  fact(id: string, params?: Readonly<Record<string, JsonValue>>): JsonValue;
}

/** A named, typed, documented fact: the vocabulary rules are written in. */
export interface FactDefinition<Ctx> {
  id: string;
  label: Bilingual;
  description?: string;
  /** The JSON type of the value, for documentation and static checks. */
  type: 'number' | 'boolean' | 'string' | 'date' | 'string[]' | 'object' | 'object[]';
  /**
   * The parameters the fact takes (type, range, unit), checked when a rule set is loaded; `{}` for
   * none. Without it, parameters are passed on unchecked.
   */
  params?: ParamSchemas;
  compute(ctx: Ctx): JsonValue;
}

export type UnitFact<State = unknown> = FactDefinition<UnitFactContext<State>>;

/** What a record-level fact provider sees (record-level rule sets: classification, amount). */
export interface RecordFactContext {
  readonly record: FactRecord;
  readonly collection: string;
  /** Another record by collection and id, with the outputs of earlier record-level rule sets (e.g. an accident's grade). */
  find(collection: string, id: string): FactRecord | undefined;
  readonly params: Readonly<Record<string, JsonValue>>;
}

export type RecordFact = FactDefinition<RecordFactContext>;

export interface CollectionDefinition {
  label: Bilingual;
  /** zod schema of one record. Records that fail it are reported, and their unit is not decided. */
  schema: z.ZodType<FactRecord>;
  /** Facts available to record-level rule sets over this collection. */
  facts?: readonly RecordFact[];
}

/**
 * A field of a unit or record that names another unit (of given kinds) or a record of a collection.
 * A whole-document evaluation reports each one that names nothing fitting (`DANGLING_REFERENCE`).
 */
export interface ReferenceDefinition {
  /** 'units' or a collection's name. */
  from: string;
  field: string;
  /** For `from: 'units'`: only units of these kinds have the reference. */
  ofKinds?: readonly string[];
  to: { unitKinds: readonly string[] } | { collection: string };
  /** What the field means, for the message (e.g. 属地 / jurisdiction). */
  label: Bilingual;
  /** The referring unit's own decision depends on it: do not decide the unit when it dangles. */
  undecided?: boolean;
}

/**
 * A record that binds two units: a record of `collection` whose `field` names (by id) a record of
 * `target`. A record fact finds the named record (a report finds the accident it reports), so when the
 * two records belong to different units, both units are decided together, from one part.
 */
export interface RecordBinding {
  collection: string;
  field: string;
  target: string;
}

/**
 * Which units of a document can be decided apart (worker threads, streamed files), as plain data: core's
 * planner (partition/) splits a document by it and merges the parts back into what the whole gives.
 *
 * A *local* unit is decided from its own unit record and records alone; the other units (the owners)
 * aggregate local units' records, through the domain's digest or from the records. A document is only
 * split where that is exact: a local unit that answers for others (it is named by `ownerFields` of a
 * local unit, or is one of `owners`) keeps the document whole, and the units a binding record ties
 * together are decided in one part.
 */
export interface PartitionDefinition {
  /** Unit kinds decided from their own unit record and records alone (e.g. enterprises). */
  localKinds: readonly string[];
  /** Fields of a local unit that name the units it answers to (e.g. its town: `jurisdiction`). */
  ownerFields: readonly string[];
  /** Unit ids that answer for local units other than by a field (e.g. the departments of each industry). */
  owners?: readonly string[];
  /** Records that bind two units (see RecordBinding). */
  bindings?: readonly RecordBinding[];
}

/**
 * A domain: the vocabulary of one policy area — its units, record collections and facts. A rules
 * package defines one; core owns only the mechanism.
 */
export interface Domain<State = unknown, Digest = unknown> {
  id: string;
  title: Bilingual;
  unitKinds: ReadonlyArray<{ id: string; label: Bilingual }>;
  /** The policy text the rule sets encode: cites and quoted 原文 are checked against it. */
  policy?: PolicyText;
  unitSchema: z.ZodType<UnitRecord>;
  collections: Readonly<Record<string, CollectionDefinition>>;
  facts: ReadonlyArray<UnitFact<State>>;
  /** References between units and records, checked when a whole document is evaluated. */
  references?: readonly ReferenceDefinition[];
  /** Which units can be decided apart (workers, streams); without it a document is evaluated whole. */
  partition?: PartitionDefinition;
  /**
   * Builds indexes once per evaluation (e.g. enterprises by jurisdiction). `digest`: the merged
   * digests of the parts of a larger input (`EvaluateOptions.digests`), for the units they describe.
   */
  prepare(input: PreparedInput, digest?: Digest): State;
  /**
   * Optional, for domains whose units aggregate other units' records (a town counts its enterprises'
   * hazards). `of` folds what the aggregating units need from one part of an input (after its
   * validation and record stage); `merge` joins the digests of parts of one input. An evaluation
   * given the merged digest decides the aggregating units from it, without their records — how a
   * streamed evaluation decides towns without holding a million enterprises. The aggregating units'
   * facts must read the same values from the digest of the whole as from the records. `merge` may
   * extend the first part in place and return it.
   */
  digest?: {
    of(input: PreparedInput, state: State): Digest;
    merge(parts: readonly Digest[]): Digest;
  };
}

/** Identity helper that keeps a domain's state type (like tRPC's `initTRPC`). */
export function defineDomain<State, Digest = unknown>(domain: Domain<State, Digest>): Domain<State, Digest> {
  return domain;
}

/** A record fact that reads one field of the record. */
export function fieldFact(field: string, label: Bilingual, type: RecordFact['type'] = 'number'): RecordFact {
  return {
    id: field,
    label,
    type,
    compute: ({ record }) => toJson(record[field]),
  };
}

/** Undefined and non-JSON values become null so traces stay JSON. */
export function toJson(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: { [k: string]: JsonValue } = {};
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = toJson(v);
    }
    return out;
  }
  return null;
}
