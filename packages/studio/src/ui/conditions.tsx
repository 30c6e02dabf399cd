/**
 * The structured condition builder: groups (全部成立 / 任一成立 / 不成立) of comparisons, each a fact
 * picked from the registered facts (Chinese label, type), an operator that fits the fact's type, and
 * a value checked as it is typed.
 */
import { useEffect, useState } from 'preact/hooks';
import { checkOperatorValue, OPERATORS_BY_TYPE, TYPE_LABELS, valueKind, type FactInfo, type OperatorInfo } from '../shared/vocabulary.js';
import { FieldErrors, type FormContext } from './forms.js';

type Cond = Record<string, unknown>;

export interface BuilderProps {
  value: unknown;
  pointer: string;
  facts: FactInfo[];
  operators: OperatorInfo[];
  ctx: FormContext;
}

const groupKey = (c: Cond): 'all' | 'any' | 'not' | null => ('all' in c ? 'all' : 'any' in c ? 'any' : 'not' in c ? 'not' : null);

export function ConditionBuilder(props: BuilderProps) {
  return (
    <fieldset class="group conditions">
      <legend>触发条件</legend>
      <Node {...props} top />
    </fieldset>
  );
}

function Node(props: BuilderProps & { top?: boolean; onRemove?: () => void }) {
  const c = (props.value ?? {}) as Cond;
  const key = groupKey(c);
  if (key === null) return <Leaf {...props} />;
  const { ctx, pointer } = props;
  const children = key === 'not' ? [c.not] : ((c[key] as unknown[]) ?? []);
  const setKind = (k: 'all' | 'any' | 'not') => {
    if (k === key) return;
    const list = key === 'not' ? [c.not] : children;
    ctx.onSet(pointer, k === 'not' ? { not: list[0] ?? newLeaf(props.facts) } : { [k]: list });
  };
  const add = (child: unknown) => {
    if (key === 'not') return;
    ctx.onSet(pointer, { [key]: [...children, child] });
  };
  return (
    <div class="cond-group">
      <div class="cond-head">
        <select value={key} data-pointer={pointer} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as 'all')}>
          <option value="all">以下全部成立</option>
          <option value="any">以下任一成立</option>
          <option value="not">以下不成立</option>
        </select>
        {key !== 'not' && (
          <>
            <button type="button" onClick={() => add(newLeaf(props.facts))}>＋ 条件</button>
            <button type="button" onClick={() => add({ all: [newLeaf(props.facts)] })}>＋ 条件组</button>
          </>
        )}
        {props.onRemove && (
          <button type="button" class="link" onClick={props.onRemove}>
            删除本组
          </button>
        )}
      </div>
      <div class="cond-children">
        {children.map((child, i) => {
          const p = key === 'not' ? `${pointer}/not` : `${pointer}/${key}/${i}`;
          const remove = key === 'not' || children.length <= 1 && props.top ? undefined : () => ctx.onSet(pointer, { [key]: children.filter((_, j) => j !== i) });
          return <Node {...props} top={false} value={child} pointer={p} {...(remove ? { onRemove: remove } : {})} />;
        })}
      </div>
      <FieldErrors pointer={pointer} ctx={ctx} />
    </div>
  );
}

function newLeaf(facts: FactInfo[]): Cond {
  const f = facts.find((x) => x.type === 'number') ?? facts[0];
  return { fact: f?.id ?? '', operator: 'greaterThanInclusive', value: 1 };
}

function parseValue(kind: ReturnType<typeof valueKind>, raw: string): unknown {
  const t = raw.trim();
  if (kind === 'number') return t === '' ? NaN : Number(t);
  if (kind === 'boolean') return t === 'true';
  if (kind === 'list')
    return t
      .split(/[、,，]\s*/)
      .filter((x) => x !== '')
      .map((x) => (x !== '' && Number.isFinite(Number(x)) ? Number(x) : x));
  return t;
}

const showRaw = (v: unknown) => (Array.isArray(v) ? v.join('、') : v === undefined || v === null ? '' : String(v));

function Leaf({ value, pointer, facts, operators, ctx, onRemove }: BuilderProps & { onRemove?: () => void }) {
  const c = (value ?? {}) as Cond;
  const fact = facts.find((f) => f.id === c.fact);
  const type = fact?.type;
  const allowed = type ? OPERATORS_BY_TYPE[type] : operators.map((o) => o.name);
  const op = String(c.operator ?? '');
  const kind = valueKind(op, type);
  const [raw, setRaw] = useState(showRaw(c.value));
  useEffect(() => setRaw(showRaw(c.value)), [JSON.stringify(c.value)]);
  const set = (patch: Cond) => ctx.onSet(pointer, { ...c, ...patch });

  const onValue = (text: string) => {
    setRaw(text);
    const v = parseValue(kind, text);
    const problem = kind === 'number' && !Number.isFinite(v as number) ? '请输入数字' : checkOperatorValue(op, v);
    ctx.onLocalError(`${pointer}/value`, problem);
    if (!problem) set({ value: v });
  };
  const onFact = (id: string) => {
    const f = facts.find((x) => x.id === id);
    const ops = f ? OPERATORS_BY_TYPE[f.type] : [];
    const nextOp = ops.includes(op) ? op : (ops[0] ?? op);
    const next: Cond = { ...c, fact: id, operator: nextOp };
    if (nextOp === 'isTrue') next.value = true;
    ctx.onLocalError(`${pointer}/value`, checkOperatorValue(nextOp, next.value));
    ctx.onSet(pointer, next);
  };
  const onOperator = (name: string) => {
    const next: Cond = { ...c, operator: name };
    if (name === 'isTrue') next.value = true;
    ctx.onLocalError(`${pointer}/value`, checkOperatorValue(name, next.value));
    ctx.onSet(pointer, next);
  };
  const opLabel = (name: string) => operators.find((o) => o.name === name)?.label ?? name;

  return (
    <div class="cond-leaf" data-pointer={pointer}>
      <select class="fact" value={String(c.fact ?? '')} data-pointer={`${pointer}/fact`} onChange={(e) => onFact((e.currentTarget as HTMLSelectElement).value)}>
        {!fact && <option value={String(c.fact ?? '')}>未知的事实「{String(c.fact ?? '')}」</option>}
        {facts.map((f) => (
          <option value={f.id}>
            {f.label}（{TYPE_LABELS[f.type]}）
          </option>
        ))}
      </select>
      <select class="op" value={op} data-pointer={`${pointer}/operator`} onChange={(e) => onOperator((e.currentTarget as HTMLSelectElement).value)}>
        {!allowed.includes(op) && <option value={op}>{opLabel(op)}（与事实类型不符）</option>}
        {allowed.map((o) => (
          <option value={o}>{opLabel(o)}</option>
        ))}
      </select>
      {kind === 'fixed-true' ? (
        <span class="muted">是</span>
      ) : kind === 'boolean' ? (
        <select value={String(c.value)} data-pointer={`${pointer}/value`} onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}>
          <option value="true">是</option>
          <option value="false">否</option>
        </select>
      ) : (
        <input class="value" data-pointer={`${pointer}/value`} value={raw} placeholder={kind === 'date' ? 'YYYY-MM-DD' : kind === 'list' ? '多个值用、分隔' : ''} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />
      )}
      {c.params !== undefined && <span class="params" title="参数">参数 {JSON.stringify(c.params)}</span>}
      {c.path !== undefined && <span class="params">属性 {String(c.path)}</span>}
      {onRemove && (
        <button type="button" class="link" onClick={onRemove}>
          删除
        </button>
      )}
      <div class="cond-fact-hint muted">{fact ? `${fact.id}${fact.description ? ` — ${fact.description}` : ''}` : ''}</div>
      <FieldErrors pointer={pointer} ctx={ctx} />
      <FieldErrors pointer={`${pointer}/fact`} ctx={ctx} />
      <FieldErrors pointer={`${pointer}/operator`} ctx={ctx} />
      <FieldErrors pointer={`${pointer}/value`} ctx={ctx} />
    </div>
  );
}
