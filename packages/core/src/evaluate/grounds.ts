import { covers } from '../ruleset/provenance.js';
import type { Basis, ProvenanceEntry } from '../ruleset/schema.js';
import type { ProvenanceKind } from './decision.js';

/** What a rule rests on, worked out once per rule: the kinds for the decision and a sentence for its explanation. */
export interface Grounds {
  kinds: ProvenanceKind[];
  sentence: string;
  /** The sentence's parts; a law part names its basis (an action that cites it by date leaves it out). */
  parts: ReadonlyArray<{ basis?: string; text: string }>;
}

const ORDER: readonly ProvenanceKind[] = ['opinion', 'law', 'parameter', 'reading'];
/** The numbers of a rule an entry may cover alone, as an official names them. */
const NUMBER_FIELDS: ReadonlyArray<[string, string]> = [
  ['points', '分值'],
  ['per.max', '计次上限'],
  ['amount', '金额'],
];

export const NO_GROUNDS: Grounds = Object.freeze({ kinds: Object.freeze([]) as unknown as ProvenanceKind[], sentence: '', parts: Object.freeze([]) });

/** The grounds' sentence without the law part of `basis` (already cited, by date, as an action's legal basis). */
export function sentenceWithout(grounds: Grounds, basis: string | undefined): string {
  if (basis === undefined || !grounds.parts.some((p) => p.basis === basis)) return grounds.sentence;
  return grounds.parts
    .filter((p) => p.basis !== basis)
    .map((p) => p.text)
    .join('；');
}

/**
 * 「《安全生产法》第六十二条第（三）项（2014年修正，2014-12-01至2021-08-31）、第六十五条第一款第（三）项（2021年修正，2021-09-01起）」;
 * a version under another law names its law.
 */
export function lawText(basis: Basis): string {
  const mixed = basis.versions.some((v) => v.law !== undefined && v.law !== basis.law);
  const parts = basis.versions.map((v) => {
    // A lawyer reads the dates too: from when (and until when) this version was the one in force.
    const when = v.to ? `${v.from}至${v.to}` : `${v.from}起`;
    const note = [v.edition, when].filter(Boolean).join('，');
    return `${mixed ? (v.law ?? basis.law) : ''}${v.article}${note ? `（${note}）` : ''}`;
  });
  return `${mixed ? '' : basis.law}${parts.join('、')}`;
}

function clauseOf(entry: ProvenanceEntry, bases: Readonly<Record<string, Basis>> | undefined): string {
  switch (entry.kind) {
    case 'opinion':
      return `${entry.clause}原文「${entry.quote}」`;
    case 'law': {
      const b = bases?.[entry.basis];
      return b ? lawText(b) : entry.basis;
    }
    case 'parameter':
      return `按本区考核参数（${entry.note}）`;
    case 'reading':
      return `本系统的解释性适用，文件未作规定（${entry.note}）`;
  }
}

/**
 * The grounds of one rule: what its condition rests on, then what its numbers rest on when that
 * differs — 「依据 原文…；分值按本区考核参数（…）」.
 */
export function groundsOf(entries: readonly ProvenanceEntry[] | undefined, bases: Readonly<Record<string, Basis>> | undefined): Grounds {
  if (!entries || entries.length === 0) return NO_GROUNDS;
  const kinds = ORDER.filter((k) => entries.some((e) => e.kind === k));
  const parts: Array<{ basis?: string; text: string }> = [];
  const add = (e: ProvenanceEntry, text: string) => {
    if (!parts.some((p) => p.text === text)) parts.push(e.kind === 'law' ? { basis: e.basis, text } : { text });
  };
  for (const e of entries) if (covers(e, 'when')) add(e, clauseOf(e, bases));
  for (const [field, name] of NUMBER_FIELDS) {
    for (const e of entries) {
      if (e.of === undefined || covers(e, 'when') || !covers(e, field)) continue;
      const text = clauseOf(e, bases);
      add(e, e.kind === 'parameter' ? `${name}${text}` : e.kind === 'reading' ? `${name}为${text}` : `${name}依据${text}`);
    }
  }
  return { kinds, sentence: parts.map((p) => p.text).join('；'), parts };
}
