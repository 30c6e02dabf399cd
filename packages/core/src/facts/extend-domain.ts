import type { z } from 'zod';
import type { Bilingual } from '../errors/messages.js';
import type { PolicyText } from '../ruleset/policy-text.js';
import type { CollectionDefinition, Domain, ReferenceDefinition, UnitFact, UnitRecord } from './domain.js';

/** What a pack adds to the domain it builds on. */
export interface DomainExtension<State> {
  id: string;
  title: Bilingual;
  /** The policy text of the new pack (the base's is kept when omitted). */
  policy?: PolicyText;
  unitKinds?: ReadonlyArray<{ id: string; label: Bilingual }>;
  /** Replaces the base's unit schema (it must still accept the base's units, e.g. a wider kind enum). */
  unitSchema?: z.ZodType<UnitRecord>;
  collections?: Readonly<Record<string, CollectionDefinition>>;
  facts?: ReadonlyArray<UnitFact<State>>;
  references?: readonly ReferenceDefinition[];
}

/** Ids that appear in both lists, sorted. */
function clashes(base: Iterable<string>, added: Iterable<string>): string[] {
  const seen = new Set(base);
  return [...new Set([...added].filter((id) => seen.has(id)))].sort();
}

/**
 * A domain that builds on another: the base's unit kinds, collections, facts and references with the
 * extension's added, the base's state (`prepare`, `digest`) unchanged — how a district pack adds its
 * own facts to a law pack's, or next year's scorecard one fact to this year's domain. A unit kind,
 * collection or fact id the base already has is an error (a silent replacement would change what
 * the base's rule sets read); a TypeError, since it is a programming error of the pack.
 */
export function extendDomain<State, Digest>(base: Domain<State, Digest>, extension: DomainExtension<State>): Domain<State, Digest> {
  const problems = [
    ...clashes(base.unitKinds.map((k) => k.id), (extension.unitKinds ?? []).map((k) => k.id)).map((id) => `unit kind "${id}"`),
    ...clashes(Object.keys(base.collections), Object.keys(extension.collections ?? {})).map((id) => `collection "${id}"`),
    ...clashes(base.facts.map((f) => f.id), (extension.facts ?? []).map((f) => f.id)).map((id) => `fact "${id}"`),
  ];
  const ownFacts = (extension.facts ?? []).map((f) => f.id);
  if (new Set(ownFacts).size !== ownFacts.length) problems.push('a fact id given twice');
  if (problems.length > 0) throw new TypeError(`extendDomain("${extension.id}"): ${base.id} already has ${problems.join(', ')}`);
  const policy = extension.policy ?? base.policy;
  const references = [...(base.references ?? []), ...(extension.references ?? [])];
  return {
    ...base,
    id: extension.id,
    title: extension.title,
    ...(policy ? { policy } : {}),
    unitKinds: [...base.unitKinds, ...(extension.unitKinds ?? [])],
    unitSchema: extension.unitSchema ?? base.unitSchema,
    collections: { ...base.collections, ...extension.collections },
    facts: [...base.facts, ...(extension.facts ?? [])],
    ...(references.length > 0 ? { references } : {}),
  };
}
