/**
 * References between units and records that a record's own schema cannot check: an enterprise's
 * jurisdiction must name a town (not a department, another enterprise or itself), a report's
 * handler must exist… A dangling one was accepted silently, and then, say, a 较大 accident vetoed no
 * town. Each is now reported with its pointer; the referring unit stays decided unless the domain
 * says its own decision depends on the reference.
 */
import { msg } from '../errors/messages.js';
import { toPointer } from '../json/pointer.js';
import type { Domain, FactRecord, UnitRecord } from '../facts/domain.js';
import type { InputIssue } from './decision.js';

/** Checks the domain's declared references over the raw document; appends issues, taints units. */
export function checkReferences(
  domain: Domain<never> | Domain<unknown>,
  doc: Record<string, unknown>,
  unitOf: (id: string) => UnitRecord | undefined,
  records: Readonly<Record<string, readonly FactRecord[]>>,
  issues: InputIssue[],
  tainted: Set<string>,
): void {
  const refs = domain.references ?? [];
  if (refs.length === 0) return;
  const kindLabel = new Map(domain.unitKinds.map((k) => [k.id, k.label]));
  const kindsText = (kinds: readonly string[], lang: 'zh-CN' | 'en') => kinds.map((k) => kindLabel.get(k)?.[lang] ?? k).join(lang === 'en' ? ', ' : '、');
  const idSets = new Map<string, Set<string>>();
  const idsOf = (collection: string): Set<string> => {
    let set = idSets.get(collection);
    if (!set) idSets.set(collection, (set = new Set((records[collection] ?? []).map((r) => r.id))));
    return set;
  };
  for (const ref of refs) {
    const list = doc[ref.from];
    if (!Array.isArray(list)) continue;
    const kept = ref.from === 'units' ? undefined : idsOf(ref.from);
    for (let i = 0; i < list.length; i++) {
      const item = list[i] as Record<string, unknown> | null;
      if (item === null || typeof item !== 'object') continue;
      const id = item.id;
      const value = item[ref.field];
      if (typeof id !== 'string' || typeof value !== 'string') continue;
      // Only what validation kept: a rejected unit or record is reported already.
      const owner = ref.from === 'units' ? unitOf(id) : kept?.has(id) ? unitOf(String(item.unitId)) : undefined;
      if (!owner || (ref.from === 'units' && owner !== unitOf(id))) continue;
      if (ref.from === 'units' && ref.ofKinds !== undefined && !ref.ofKinds.includes(owner.kind)) continue;
      let why: { 'zh-CN': string; en: string } | undefined;
      if ('collection' in ref.to) {
        if (!idsOf(ref.to.collection).has(value)) why = msg(`没有标识为「${value}」的记录`, `there is no record "${value}"`);
      } else {
        const target = unitOf(value);
        if (ref.from === 'units' && value === id) why = msg('指向了单位自身', 'it names the unit itself');
        else if (!target) why = msg(`没有标识为「${value}」的单位`, `there is no unit "${value}"`);
        else if (!ref.to.unitKinds.includes(target.kind)) why = msg(`「${value}」是${kindsText([target.kind], 'zh-CN')}，应为${kindsText(ref.to.unitKinds, 'zh-CN')}`, `"${value}" is a ${kindsText([target.kind], 'en')}, not a ${kindsText(ref.to.unitKinds, 'en')}`);
      }
      if (!why) continue;
      const unitId = ref.from === 'units' ? id : owner.id;
      const what = ref.from === 'units' ? msg(`单位「${id}」`, `unit "${id}"`) : msg(`记录「${id}」`, `record "${id}"`);
      const effect = ref.undecided === true ? msg('，该单位未评估', '; the unit is not decided') : msg('，该引用未计入', '; the reference counts for nothing');
      issues.push({
        code: 'DANGLING_REFERENCE',
        unitId,
        ...(ref.from === 'units' ? {} : { collection: ref.from, recordId: id }),
        pointer: toPointer([ref.from, i, ref.field]),
        message: msg(`${what['zh-CN']}的${ref.label['zh-CN']}无效：${why['zh-CN']}${effect['zh-CN']}`, `the ${ref.label.en} of ${what.en} is invalid: ${why.en}${effect.en}`),
      });
      if (ref.undecided === true) tainted.add(unitId);
    }
  }
}
