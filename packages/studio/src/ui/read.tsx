/** The reading view: the opinion clause by clause, each beside the rules that encode it and their provenance. */
import type { Clause, PolicyText, RuleRef } from '../policy/types.js';
import { PROVENANCE_LABELS } from './labels.js';

export function ClauseList({ opinion, byClause, selected, query, onSelect }: { opinion: PolicyText; byClause: Map<string, number[]>; selected: string; query: string; onSelect: (id: string) => void }) {
  const q = query.trim();
  const depth = (c: Clause) => (c.parent ? (c.parent.includes('(') ? 2 : 1) : 0);
  const shown = opinion.clauses.filter((c) => q === '' || c.id.includes(q) || (c.title ?? '').includes(q) || c.text.includes(q));
  return (
    <ul class="clauses">
      {shown.map((c) => {
        const n = byClause.get(c.id)?.length ?? 0;
        const leaf = c.text !== '';
        return (
          <li class={`d${depth(c)} ${selected === c.id ? 'selected' : ''}`}>
            <button type="button" data-clause={c.id} onClick={() => onSelect(c.id)}>
              <span class="cid">{c.id}</span> {c.title}
              {leaf && (n > 0 ? <span class="badge">{n} 条规则</span> : <span class="badge none">未编码</span>)}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function Provenance({ rule }: { rule: RuleRef }) {
  return (
    <ul class="provenance">
      {rule.provenance.map((p) => (
        <li>
          <span class={`prov prov-${p.kind}`}>{PROVENANCE_LABELS[p.kind]}</span>
          {p.kind === 'opinion' ? `${p.clause}${p.quote ? `：「${p.quote}」` : ''}` : p.kind === 'law' ? `法律依据 ${p.basis}` : p.note}
          {p.of && p.of.length > 0 && <span class="muted">（涉及 {p.of.join('、')}）</span>}
        </li>
      ))}
      {rule.missing && <li class="error">缺少出处：请写明原文、法律、参数或解释</li>}
    </ul>
  );
}

export function ClauseView({ clause, rules, onEdit }: { clause: Clause | undefined; rules: RuleRef[]; onEdit: (r: RuleRef) => void }) {
  if (!clause) return <p class="muted">在左侧选择条款，或搜索条款号、规则标识、标题、事实。</p>;
  return (
    <article class="clause" data-clause={clause.id}>
      <h2>
        {clause.id} {clause.title}
      </h2>
      {clause.text && <p class="text">{clause.text}</p>}
      {clause.text !== '' && rules.length === 0 && (
        <p class="not-encoded">
          <strong>未编码：</strong>
          {clause.notEncoded ?? '没有规则引用本条款。'}
        </p>
      )}
      {rules.length > 0 && <h3>编码本条款的规则（{rules.length} 条）</h3>}
      {rules.map((r) => <RuleCard rule={r} onEdit={onEdit} />)}
    </article>
  );
}

export function RuleCard({ rule, onEdit }: { rule: RuleRef; onEdit: (r: RuleRef) => void }) {
  return (
    <div class={`rule-card ${rule.enabled ? '' : 'disabled'}`} data-rule={rule.ruleId}>
      <div class="rule-head">
        <strong>{rule.title}</strong>
        <button type="button" class="primary" data-edit={rule.ruleId} onClick={() => onEdit(rule)}>
          编辑
        </button>
      </div>
      <div class="muted">
        {rule.ruleSetTitle} · {rule.file} · {rule.ruleId}
        {rule.enabled ? '' : ' · 已停用'}
      </div>
      <Provenance rule={rule} />
    </div>
  );
}

/** Rules matching a search by rule id, title or fact (id or Chinese label). */
export function searchRules(refs: RuleRef[], query: string, factLabel: (id: string) => string): RuleRef[] {
  const q = query.trim();
  if (q === '') return [];
  return refs.filter((r) => r.ruleId.includes(q) || r.title.includes(q) || r.cite.includes(q) || r.facts.some((f) => f.includes(q) || factLabel(f).includes(q)));
}
