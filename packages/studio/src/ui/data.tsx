/** The facts the impact is computed on: what is loaded, each bad row by sheet/row/column, and loading another file. */
import { useState } from 'preact/hooks';
import { api, type FactsState, type SourceIssue, type StudioState } from './api.js';

function where(i: SourceIssue): string {
  const l = i.location;
  const parts = [l.file ?? '', l.sheet ? `工作表「${l.sheet}」` : '', l.row !== undefined ? `第 ${l.row} 行` : '', l.column !== undefined ? `「${l.column}」列` : '', l.line !== undefined ? `第 ${l.line} 行${l.col !== undefined ? `第 ${l.col} 列` : ''}` : ''];
  return parts.filter(Boolean).join(' ');
}

export function DataPanel({ st, onLoaded }: { st: StudioState; onLoaded: (facts: FactsState) => void }) {
  const [result, setResult] = useState<FactsState | null>(null);
  const [error, setError] = useState('');
  const facts = result ?? st.facts;

  const upload = async (list: FileList | null) => {
    setError('');
    if (!list || list.length === 0) return;
    const all = Array.from({ length: list.length }, (_, i) => list.item(i)).filter((f): f is File => f !== null);
    try {
      const json = all.filter((f) => f.name.toLowerCase().endsWith('.json'));
      const csv = all.filter((f) => f.name.toLowerCase().endsWith('.csv'));
      let body: unknown;
      if (csv.length > 0) {
        const mappingFile = json[0];
        if (!mappingFile) return setError('上传 CSV 台账时请同时选择映射文件（.json）');
        const mapping = JSON.parse(await mappingFile.text()) as unknown;
        body = { kind: 'csv', name: csv.map((f) => f.name).join('、'), sheets: await Promise.all(csv.map(async (f) => ({ sheet: f.name.replace(/\.csv$/i, ''), text: await f.text() }))), mapping, year: Number(st.today.slice(0, 4)) };
      } else if (json.length === 1 && json[0]) body = { kind: 'json', name: json[0].name, text: await json[0].text() };
      else return setError('请选择一个事实数据 JSON，或若干 CSV 台账加一个映射文件；XLSX 台账请在启动时用 --facts 指定');
      const r = await api.facts(body);
      setResult(r.facts);
      if (r.ok) onLoaded(r.facts);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <article class="data">
      <h2>事实数据</h2>
      <p>
        当前：{facts.label}（{facts.units} 个单位）
      </p>
      {facts.issues.length > 0 && (
        <>
          <p class="error">数据有 {facts.issues.length} 个问题，改正前不能用它计算影响：</p>
          <table class="issues">
            <thead>
              <tr><th>位置</th><th>说明</th></tr>
            </thead>
            <tbody>
              {facts.issues.map((i) => (
                <tr>
                  <td>{where(i)}</td>
                  <td>{i.message['zh-CN']}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>载入其他数据</h3>
      <p class="muted">事实数据 JSON；或 CSV 台账（可多选）加映射文件。XLSX 台账请在启动时指定：anquan studio --facts 台账.xlsx --mapping 映射.json --year 2021。</p>
      <input type="file" multiple accept=".json,.csv" onChange={(e) => void upload((e.currentTarget as HTMLInputElement).files)} />
      {error && <p class="error">{error}</p>}
      <h3>最近的修改记录</h3>
      {st.changes.length === 0 ? (
        <p class="muted">还没有通过工作台保存的修改。</p>
      ) : (
        <table class="issues">
          <thead>
            <tr><th>时间</th><th>修改人</th><th>文件</th><th>版本</th><th>理由</th></tr>
          </thead>
          <tbody>
            {st.changes
              .slice()
              .reverse()
              .map((c) => (
                <tr>
                  <td>{c.at.slice(0, 16).replace('T', ' ')}</td>
                  <td>{c.who}</td>
                  <td>{c.file}</td>
                  <td>
                    {c.fromVersion} → {c.toVersion}
                  </td>
                  <td>{c.why}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
