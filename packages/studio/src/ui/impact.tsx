/** The impact list: who changes score, grade, rank, veto, reward or enforcement, before → after, with counts and a filter by unit kind. */
import { useState } from 'preact/hooks';
import type { ImpactResult } from './api.js';
import { showValue } from './labels.js';

export function ImpactPanel({ impact, busy, unitKinds, aspects }: { impact: ImpactResult | null; busy: boolean; unitKinds: Array<{ id: string; label: string }>; aspects: Readonly<Record<string, string>> }) {
  const [kind, setKind] = useState('');
  if (busy && !impact) return <section class="impact"><h3>影响</h3><p class="muted">正在按修改后的规则评估…</p></section>;
  if (!impact) return <section class="impact"><h3>影响</h3><p class="muted">修改规则后，这里列出受影响的单位。</p></section>;
  if (!impact.ok)
    return (
      <section class="impact">
        <h3>影响</h3>
        <p class="error">{impact.message ?? '规则有错误，改正后才能计算影响。'}</p>
      </section>
    );
  const kindLabel = (id: string) => unitKinds.find((k) => k.id === id)?.label ?? id;
  const rows = impact.impact.filter((u) => kind === '' || u.unitKind === kind);
  return (
    <section class="impact" data-testid="impact">
      <h3>
        影响 {busy && <span class="muted">（更新中…）</span>}
      </h3>
      <p class="summary" data-testid="impact-summary">
        {impact.impact.length === 0 ? '没有单位的决定发生变化。' : `${impact.impact.length} 个单位或记录的决定有变化：`}
        {Object.entries(impact.byKind).map(([k, n]) => (
          <span class="count">
            {kindLabel(k)} {n}
          </span>
        ))}
        <span class="muted">（评估日期 {impact.asOf}）</span>
      </p>
      {impact.changes.length > 0 && (
        <details open>
          <summary>规则变化（{impact.changes.length} 项）</summary>
          <ul class="changes">{impact.changes.map((c) => <li>{c.message['zh-CN']}</li>)}</ul>
        </details>
      )}
      {impact.impact.length > 0 && (
        <>
          <label class="filter">
            按单位类型筛选：
            <select value={kind} data-testid="impact-filter" onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">全部</option>
              {Object.keys(impact.byKind).map((k) => <option value={k}>{kindLabel(k)}</option>)}
            </select>
          </label>
          <table class="impact-table">
            <thead>
              <tr><th>单位</th><th>类型</th><th>变化</th><th>原 → 新</th><th>相关规则</th></tr>
            </thead>
            <tbody>
              {rows.flatMap((u) =>
                u.changes.map((c, i) => (
                  <tr data-unit={u.unitId} data-aspect={c.aspect}>
                    <td>{i === 0 ? u.name : ''}</td>
                    <td>{i === 0 ? kindLabel(u.unitKind) : ''}</td>
                    <td class="aspect">{aspects[c.aspect] ?? c.aspect}</td>
                    <td class="fromto">
                      {showValue(c.from)} → {showValue(c.to)}
                    </td>
                    <td>{i === 0 ? (u.rules.length > 0 ? u.rules.map((r) => r.ruleId).join('、') : u.why['zh-CN']) : ''}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
