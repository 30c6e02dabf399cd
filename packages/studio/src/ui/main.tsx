/**
 * 规则工作台: the page. State is the text of each rule file (the draft), so the JSON view, the forms
 * and what is saved are one thing; a form edit writes its value into the text with patchJsonText,
 * keeping the file's key order and formatting. Every change is checked by the server (the checks of
 * `anquan validate`) and, when valid, its impact computed (the engine of `anquan diff`).
 */
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ruleRefs, rulesByClause } from '../policy/provenance.js';
import type { RuleRef } from '../policy/types.js';
import { getAtPointer, patchJsonText, setAtPointer } from '../shared/patch-json-text.js';
import { api, ApiError, type ImpactResult, type Issue, type StudioState } from './api.js';
import { ConditionBuilder } from './conditions.js';
import { FieldErrors, ObjectFields, resolve, type FormContext, type Schema } from './forms.js';
import { ImpactPanel } from './impact.js';
import { JsonView } from './json-view.js';
import { KIND_LABELS } from './labels.js';
import { ClauseList, ClauseView, Provenance, RuleCard, searchRules } from './read.js';
import { DataPanel } from './data.js';
import './styles.css';

interface FileState {
  base: string;
  baseHash: string;
  draft: string;
  past: string[];
  future: string[];
}

type View = { mode: 'read'; clause: string } | { mode: 'rule'; file: string; pointer: string } | { mode: 'settings'; file: string } | { mode: 'json'; file: string } | { mode: 'data' };

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function App() {
  const [st, setSt] = useState<StudioState | null>(null);
  const [loadError, setLoadError] = useState('');
  const [schema, setSchema] = useState<Schema | null>(null);
  const [files, setFiles] = useState<Record<string, FileState>>({});
  const [view, setView] = useState<View>({ mode: 'read', clause: '三(二)7' });
  const [query, setQuery] = useState('');
  const [issues, setIssues] = useState<Issue[]>([]);
  const [localErrors, setLocalErrors] = useState<Record<string, Record<string, string>>>({});
  const [impact, setImpact] = useState<ImpactResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [saving, setSaving] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const seq = useRef(0);

  const reload = async () => {
    try {
      const [s, sc] = await Promise.all([api.state(), api.schema()]);
      setSt(s);
      setSchema(sc);
      setFiles(Object.fromEntries(s.files.map((f) => [f.name, { base: f.text, baseHash: f.hash, draft: f.text, past: [], future: [] }])));
      setLocalErrors({});
      setImpact(null);
    } catch (e) {
      setLoadError(e instanceof Error ? e.message : String(e));
    }
  };
  useEffect(() => void reload(), []);

  // Coming back to the page: say which files changed on disk since they were opened (saving them is refused).
  const filesRef = useRef(files);
  filesRef.current = files;
  useEffect(() => {
    const check = async () => {
      try {
        const now = await api.hashes();
        const changed = Object.entries(filesRef.current).filter(([n, f]) => now[n] !== undefined && now[n] !== f.baseHash).map(([n]) => n);
        if (changed.length > 0) setNotice({ kind: 'error', text: `${changed.join('、')} 在打开之后已在磁盘上被修改；保存将被拒绝。请复制您的修改后刷新页面重新载入。` });
      } catch {
        // The server may be stopped; the next save says so.
      }
    };
    window.addEventListener('focus', check);
    return () => window.removeEventListener('focus', check);
  }, []);

  const dirty = Object.entries(files).filter(([, f]) => f.draft !== f.base);
  const drafts = Object.fromEntries(dirty.map(([n, f]) => [n, f.draft]));
  const draftsKey = JSON.stringify(drafts);

  // Check every change; compute the impact of valid ones.
  useEffect(() => {
    if (!st) return;
    window.clearTimeout(timer.current);
    const my = ++seq.current;
    timer.current = window.setTimeout(async () => {
      setBusy(true);
      try {
        const checked = await api.check(drafts);
        if (my !== seq.current) return;
        setIssues(checked.issues);
        if (dirty.length === 0) setImpact(null);
        else if (checked.ok) {
          const r = await api.impact(drafts);
          if (my === seq.current) setImpact(r);
        } else setImpact({ ok: false, issues: checked.issues, message: '规则有错误（见标红处），改正后才能计算影响。' });
      } catch (e) {
        if (my === seq.current) setNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
      } finally {
        if (my === seq.current) setBusy(false);
      }
    }, 300);
  }, [draftsKey, st]);

  const docs = useMemo(() => Object.entries(files).map(([file, f]) => ({ file, doc: parse(f.draft) })), [files]);
  const refs = useMemo(() => ruleRefs(docs), [docs]);
  const byClause = useMemo(() => (st ? rulesByClause(refs, st.opinion) : new Map<string, number[]>()), [refs, st]);

  if (loadError) return <div class="fatal">无法打开规则工作台：{loadError}</div>;
  if (!st || !schema) return <div class="loading">正在载入…</div>;

  const setDraft = (file: string, text: string) =>
    setFiles((fs) => {
      const f = fs[file];
      if (!f || f.draft === text) return fs;
      return { ...fs, [file]: { ...f, draft: text, past: [...f.past.slice(-99), f.draft], future: [] } };
    });
  const undo = (file: string) =>
    setFiles((fs) => {
      const f = fs[file];
      if (!f || f.past.length === 0) return fs;
      return { ...fs, [file]: { ...f, draft: f.past[f.past.length - 1] as string, past: f.past.slice(0, -1), future: [f.draft, ...f.future] } };
    });
  const redo = (file: string) =>
    setFiles((fs) => {
      const f = fs[file];
      if (!f || f.future.length === 0) return fs;
      return { ...fs, [file]: { ...f, draft: f.future[0] as string, past: [...f.past, f.draft], future: f.future.slice(1) } };
    });

  const currentFile = view.mode === 'rule' || view.mode === 'settings' || view.mode === 'json' ? view.file : null;
  const fileIssues = (file: string) => issues.filter((i) => i.file === file);
  const errorsIn = (file: string) => fileIssues(file).filter((i) => i.severity === 'error').length + Object.keys(localErrors[file] ?? {}).length;

  const ctxFor = (file: string, skip?: string[]): FormContext => ({
    root: schema,
    issues: fileIssues(file),
    localErrors: localErrors[file] ?? {},
    skip: skip ?? [],
    onSet: (pointer, value) => {
      const f = files[file];
      if (!f) return;
      const doc = parse(f.draft);
      if (doc === null) return;
      setDraft(file, patchJsonText(f.draft, setAtPointer(doc, pointer, value)));
    },
    onLocalError: (pointer, message) =>
      setLocalErrors((all) => {
        const mine = { ...(all[file] ?? {}) };
        if (message === null) delete mine[pointer];
        else mine[pointer] = message;
        return { ...all, [file]: mine };
      }),
  });

  const kindSchema = (doc: { kind?: unknown }): Schema | null => {
    for (const b of (schema.oneOf ?? []) as Schema[]) {
      const props = (b.properties ?? {}) as Record<string, Schema>;
      if (props.kind?.const === doc.kind) return b;
    }
    return null;
  };

  const factsFor = (doc: { kind?: unknown; subject?: unknown }) => st.vocabulary.facts.filter((f) => (doc.kind === 'classification' || doc.kind === 'amount' ? f.scope === doc.subject : f.scope === 'unit'));
  const factLabel = (id: string) => st.vocabulary.facts.find((f) => f.id === id)?.label ?? id;

  const exportReport = async () => {
    try {
      const html = await api.report(drafts);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
      a.download = `规则变更影响报告-${st.today}.html`;
      a.click();
      setNotice({ kind: 'ok', text: '已生成影响报告（HTML），可在浏览器中打开或打印。' });
    } catch (e) {
      setNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  };

  const openRef = (r: RuleRef) => setView(r.pointer === '' ? { mode: 'settings', file: r.file } : { mode: 'rule', file: r.file, pointer: r.pointer });

  // ---- main panel ----
  let main;
  if (view.mode === 'read') {
    const clause = st.opinion.clauses.find((c) => c.id === view.clause);
    // A query naming the clause shown lists its rules once, below the clause.
    const found = query.trim() === view.clause ? [] : searchRules(refs, query, factLabel);
    main = (
      <>
        <ClauseView clause={clause} rules={(byClause.get(view.clause) ?? []).map((i) => refs[i] as RuleRef)} onEdit={openRef} />
        {found.length > 0 && (
          <section class="search-results">
            <h3>
              与「{query}」相符的规则（{found.length} 条）
            </h3>
            {found.slice(0, 30).map((r) => <RuleCard rule={r} onEdit={openRef} />)}
          </section>
        )}
      </>
    );
  } else if (view.mode === 'rule') {
    const f = files[view.file];
    const doc = f ? (parse(f.draft) as Record<string, unknown> | null) : null;
    const rule = doc ? (getAtPointer(doc, view.pointer) as Record<string, unknown> | undefined) : undefined;
    const ks = doc ? kindSchema(doc) : null;
    const listKey = view.pointer.split('/')[1] ?? 'rules';
    const ruleSchema = ks ? resolve(((ks.properties as Record<string, Schema>)[listKey] as Schema | undefined)?.items, schema) : null;
    const ref = refs.find((r) => r.file === view.file && r.pointer === view.pointer);
    const ctx: FormContext = { ...ctxFor(view.file, ['when', 'provenance', 'id']), custom: (key, pointer, value) => (doc ? choiceField(doc, key, pointer, value, ctxFor(view.file)) : undefined) };
    main =
      !doc || !rule || !ruleSchema ? (
        <p class="error">此规则无法用表单显示（文件有语法错误或规则已删除），请使用 JSON 视图。</p>
      ) : (
        <article class="rule-form" data-file={view.file} data-pointer={view.pointer}>
          <h2>
            编辑规则 <code>{String(rule.id)}</code>
          </h2>
          <p class="muted">
            {KIND_LABELS[String(doc.kind)] ?? String(doc.kind)} · {view.file} · {view.pointer}
          </p>
          {ref && <Provenance rule={ref} />}
          <FieldErrors pointer={view.pointer} ctx={ctx} />
          <form class="form" onSubmit={(e) => e.preventDefault()}>
            <ObjectFields schema={ruleSchema} value={rule} pointer={view.pointer} ctx={ctx} />
            {'when' in rule && <ConditionBuilder value={rule.when} pointer={`${view.pointer}/when`} facts={factsFor(doc)} operators={st.vocabulary.operators} ctx={ctx} />}
          </form>
        </article>
      );
  } else if (view.mode === 'settings') {
    const f = files[view.file];
    const doc = f ? (parse(f.draft) as Record<string, unknown> | null) : null;
    const ks = doc ? kindSchema(doc) : null;
    const settingsRef = refs.find((r) => r.file === view.file && r.pointer === '');
    main =
      !doc || !ks ? (
        <p class="error">此文件无法用表单显示（有语法错误或未知的类型），请使用 JSON 视图。</p>
      ) : (
        <article class="settings-form">
          <h2>
            规则集参数：{String((doc.title as { 'zh-CN'?: string } | undefined)?.['zh-CN'] ?? view.file)}
          </h2>
          <p class="muted">
            {KIND_LABELS[String(doc.kind)] ?? String(doc.kind)} · {view.file} · {String(doc.id)}
          </p>
          {settingsRef && <Provenance rule={settingsRef} />}
          <form class="form" onSubmit={(e) => e.preventDefault()}>
            <ObjectFields schema={ks} value={doc} pointer="" ctx={ctxFor(view.file, ['rules', 'effects', 'kind', 'id', 'provenance'])} />
          </form>
          <h3>规则</h3>
          {refs.filter((r) => r.file === view.file && r.pointer !== '').map((r) => <RuleCard rule={r} onEdit={openRef} />)}
        </article>
      );
  } else if (view.mode === 'json') {
    const f = files[view.file];
    main = f ? (
      <article>
        <h2>JSON：{view.file}</h2>
        <JsonView text={f.draft} schema={schema} issues={fileIssues(view.file)} onChange={(t) => setDraft(view.file, t)} />
      </article>
    ) : null;
  } else main = <DataPanel st={st} onLoaded={(facts) => setSt({ ...st, facts })} />;

  const fileBar = currentFile && (
    <div class="file-bar">
      <button type="button" onClick={() => setView({ mode: 'settings', file: currentFile })} class={view.mode === 'settings' ? 'on' : ''}>
        参数表单
      </button>
      <button type="button" onClick={() => setView({ mode: 'json', file: currentFile })} class={view.mode === 'json' ? 'on' : ''}>
        JSON 视图
      </button>
      <button type="button" disabled={!files[currentFile]?.past.length} onClick={() => undo(currentFile)} data-testid="undo">
        撤销
      </button>
      <button type="button" disabled={!files[currentFile]?.future.length} onClick={() => redo(currentFile)} data-testid="redo">
        重做
      </button>
    </div>
  );

  const fileErrors = currentFile ? fileIssues(currentFile).filter((i) => i.severity === 'error') : [];

  return (
    <div class="app">
      <header>
        <h1>规则工作台</h1>
        <span class="muted">{st.opinion.source} · {st.opinion.title}</span>
        <span class="spacer" />
        <span class="muted" title={st.folder}>
          规则文件夹：{st.folder.split(/[\\/]/).pop()}
        </span>
        <button type="button" class={view.mode === 'data' ? 'on' : ''} onClick={() => setView({ mode: 'data' })}>
          数据：{st.facts.units} 个单位{st.facts.issues.length > 0 ? `，${st.facts.issues.length} 个问题` : ''}
        </button>
      </header>
      <div class="body">
        <nav>
          <input class="search" type="search" placeholder="搜索条款、规则标识、标题或事实" value={query} data-testid="search" onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)} />
          <h4>意见条款</h4>
          <ClauseList opinion={st.opinion} byClause={byClause} selected={view.mode === 'read' ? view.clause : ''} query={query} onSelect={(id) => setView({ mode: 'read', clause: id })} />
          <h4>规则文件</h4>
          <ul class="files">
            {Object.entries(files).map(([name, f]) => {
              const doc = parse(f.draft) as { kind?: string } | null;
              const n = errorsIn(name);
              return (
                <li class={currentFile === name ? 'selected' : ''}>
                  <button type="button" data-file={name} onClick={() => setView({ mode: doc ? 'settings' : 'json', file: name })}>
                    {name} <span class="muted">{doc?.kind ? KIND_LABELS[doc.kind] : '无法解析'}</span>
                    {f.draft !== f.base && <span class="badge edit">已修改</span>}
                    {n > 0 && <span class="badge err">{n} 个错误</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </nav>
        <main>
          {notice && (
            <div class={`notice ${notice.kind}`} data-testid="notice" onClick={() => setNotice(null)}>
              {notice.text}
            </div>
          )}
          {fileBar}
          {currentFile && fileErrors.length > 0 && (
            <div class="file-errors" data-testid="file-errors">
              <strong>本文件有 {fileErrors.length} 个错误：</strong>
              <ul>{fileErrors.map((i) => <li>{`第 ${i.line} 行第 ${i.column} 列  ${i.pointer || '/'}  ${i.message}`}</li>)}</ul>
            </div>
          )}
          {main}
        </main>
        <aside>
          <ImpactPanel impact={impact} busy={busy} unitKinds={st.vocabulary.unitKinds} aspects={st.vocabulary.aspects} />
          <section class="save-box">
            <h3>保存</h3>
            {dirty.length === 0 ? (
              <p class="muted">没有未保存的修改。</p>
            ) : (
              dirty.map(([name, f]) => (
                <SaveForm
                  name={name}
                  errors={errorsIn(name)}
                  saving={saving === name}
                  onSave={async (who, why, bump) => {
                    setSaving(name);
                    try {
                      const r = await api.save({ name, text: f.draft, baseHash: f.baseHash, who, why, bump });
                      setFiles((fs) => ({ ...fs, [name]: { base: r.text, baseHash: r.hash, draft: r.text, past: [], future: [] } }));
                      setImpact(null);
                      setNotice({ kind: 'ok', text: `已保存 ${name}，版本 ${r.version}；修改记录已写入 changes.ndjson。` });
                    } catch (e) {
                      const details = e instanceof ApiError && Array.isArray(e.details) ? (e.details as Issue[]).map((i) => `${i.pointer} ${i.message}`).join('；') : '';
                      setNotice({ kind: 'error', text: `${e instanceof Error ? e.message : String(e)}${details ? `（${details}）` : ''}` });
                    } finally {
                      setSaving(null);
                    }
                  }}
                />
              ))
            )}
            <button type="button" disabled={dirty.length === 0 || !impact?.ok} onClick={exportReport} data-testid="export">
              导出影响报告（HTML）
            </button>
          </section>
        </aside>
      </div>
    </div>
  );
}

/** Choices the rule set itself defines: a rule's category (scoring or award categories), a class to assign. */
function choiceField(doc: Record<string, unknown>, key: string, pointer: string, value: unknown, ctx: FormContext) {
  if (typeof value !== 'string') return undefined;
  let options: Array<{ id: string; title: string }> = [];
  const scoring = doc.scoring as { categories?: Array<{ id: string; title: string }> } | undefined;
  const eligibility = doc.eligibility as { categories?: Array<{ id: string; title: string }> } | undefined;
  const bases = (doc.bases ?? {}) as Record<string, { law?: string }>;
  if (key === 'category') options = scoring?.categories ?? eligibility?.categories ?? [];
  else if (key === 'assign') options = (doc.classes as Array<{ id: string; title: string }> | undefined) ?? [];
  else if (key === 'code' && Array.isArray(doc.actions)) options = (doc.actions as Array<{ code: string; title: string }>).map((a) => ({ id: a.code, title: a.title }));
  else if (key === 'basis' && Object.keys(bases).length > 0) options = Object.entries(bases).map(([id, b]) => ({ id, title: b.law ?? id }));
  else return undefined;
  return (
    <label class="field">
      <span class="label">{({ assign: '给出的类别', code: '措施', basis: '法律依据' } as Record<string, string>)[key] ?? '类别'}</span>
      <span class="input">
        <select data-pointer={pointer} value={value} onChange={(e) => ctx.onSet(pointer, (e.currentTarget as HTMLSelectElement).value)}>
          {!options.some((o) => o.id === value) && <option value={value}>未知的类别「{value}」</option>}
          {options.map((o) => (
            <option value={o.id}>
              {o.title}（{o.id}）
            </option>
          ))}
        </select>
      </span>
      <FieldErrors pointer={pointer} ctx={ctx} />
    </label>
  );
}

function SaveForm({ name, errors, saving, onSave }: { name: string; errors: number; saving: boolean; onSave: (who: string, why: string, bump: string) => void }) {
  const [who, setWho] = useState(() => localStorage.getItem('anquan-studio-who') ?? '');
  const [why, setWhy] = useState('');
  const [bump, setBump] = useState('minor');
  const blocked = errors > 0 ? `有 ${errors} 个错误，改正后才能保存` : who.trim() === '' ? '请填写修改人' : why.trim() === '' ? '请填写修改理由（必填）' : '';
  return (
    <form class="save-form" data-file={name} onSubmit={(e) => e.preventDefault()}>
      <div>
        <strong>{name}</strong>
      </div>
      <label>
        修改人 <input value={who} data-testid="who" onInput={(e) => setWho((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <label>
        修改理由（必填）
        <textarea rows={3} value={why} data-testid="why" onInput={(e) => setWhy((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      <label>
        版本号
        <select value={bump} onChange={(e) => setBump((e.currentTarget as HTMLSelectElement).value)}>
          <option value="minor">次版本（1.0.0 → 1.1.0）</option>
          <option value="patch">修订号（1.0.0 → 1.0.1）</option>
          <option value="major">主版本（1.0.0 → 2.0.0）</option>
        </select>
      </label>
      {blocked && <p class="error" data-testid="save-blocked">{blocked}</p>}
      <button
        type="button"
        class="primary"
        data-testid="save"
        disabled={blocked !== '' || saving}
        onClick={() => {
          localStorage.setItem('anquan-studio-who', who.trim());
          onSave(who.trim(), why.trim(), bump);
        }}
      >
        {saving ? '正在保存…' : '校验并保存'}
      </button>
    </form>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
