/**
 * Forms generated from the rule-set JSON Schema: numbers, choices, yes/no, dates and short texts are
 * inputs; objects and arrays nest; what a form cannot show well is left to the JSON view. Every field
 * shows the schema's Chinese description and the errors whose JSON pointer is the field's.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Issue } from './api.js';
import { ENUM_LABELS, FIELD_LABELS } from './labels.js';

export type Schema = Record<string, unknown>;

export interface FormContext {
  root: Schema;
  issues: Issue[];
  onSet: (pointer: string, value: unknown) => void;
  /** Errors a field found before the value reached the document (e.g. "请输入数字"). */
  onLocalError: (pointer: string, message: string | null) => void;
  localErrors: Record<string, string>;
  skip?: readonly string[];
  /** Renders a field itself (the condition builder for `when`), or returns undefined. */
  custom?: (key: string, pointer: string, value: unknown) => ComponentChildren | undefined;
}

export function resolve(schema: unknown, root: Schema): Schema {
  let s = (schema ?? {}) as Schema;
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) {
    const name = s.$ref.replace('#/$defs/', '');
    const rest = { ...s };
    delete rest.$ref;
    s = { ...((root.$defs as Record<string, Schema>)[name] ?? {}), ...rest };
  }
  return s;
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

/** The branch of an anyOf/oneOf that fits a value (its type and its required keys). */
export function pickBranch(schema: Schema, value: unknown, root: Schema): Schema {
  const branches = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (!branches) return schema;
  const fits = (b: Schema): boolean => {
    const t = b.type;
    const vt = typeOf(value);
    if (b.const !== undefined) return b.const === value;
    if (t === 'object') return vt === 'object' && ((b.required as string[] | undefined) ?? []).every((k) => k in (value as object)) && Object.keys(value as object).every((k) => k in ((b.properties as object) ?? {}));
    if (t === 'number') return vt === 'integer' || vt === 'number';
    return t === vt || (t === 'integer' && vt === 'integer');
  };
  for (const raw of branches) {
    const b = resolve(raw, root);
    if (fits(b)) return { ...b, description: b.description ?? schema.description };
  }
  return schema;
}

export const escapeKey = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

export function FieldErrors({ pointer, ctx, deep = false }: { pointer: string; ctx: FormContext; deep?: boolean }) {
  const local = ctx.localErrors[pointer];
  // What the field itself found is newer than the server's last check of the document.
  const mine = local ? [] : ctx.issues.filter((i) => i.pointer === pointer || (deep && i.pointer.startsWith(`${pointer}/`)));
  if (!local && mine.length === 0) return null;
  return (
    <div class="field-errors">
      {local && <div class="error" data-pointer={pointer}>{local}</div>}
      {mine.map((i) => (
        <div class={i.severity === 'error' ? 'error' : 'warning'} data-pointer={i.pointer}>
          {i.severity === 'warning' ? `提示（${i.code}）：` : ''}
          {i.message}
        </div>
      ))}
    </div>
  );
}

function NumberField({ value, pointer, schema, ctx }: { value: number; pointer: string; schema: Schema; ctx: FormContext }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const onInput = (raw: string) => {
    setText(raw);
    const n = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(n)) return ctx.onLocalError(pointer, '请输入数字（扣分写负数，例如 -4）');
    if (schema.type === 'integer' && !Number.isInteger(n)) return ctx.onLocalError(pointer, '请输入整数');
    ctx.onLocalError(pointer, null);
    if (n !== value) ctx.onSet(pointer, n);
  };
  return <input class="num" inputMode="decimal" data-pointer={pointer} value={text} onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)} />;
}

function TextField({ value, pointer, ctx, long }: { value: string; pointer: string; ctx: FormContext; long: boolean }) {
  const set = (v: string) => ctx.onSet(pointer, v);
  return long ? (
    <textarea data-pointer={pointer} rows={3} value={value} onInput={(e) => set((e.currentTarget as HTMLTextAreaElement).value)} />
  ) : (
    <input data-pointer={pointer} value={value} onInput={(e) => set((e.currentTarget as HTMLInputElement).value)} />
  );
}

export function Field({ name, schema: raw, value, pointer, ctx }: { name: string; schema: unknown; value: unknown; pointer: string; ctx: FormContext }) {
  const custom = ctx.custom?.(name, pointer, value);
  if (custom !== undefined) return <>{custom}</>;
  const schema = pickBranch(resolve(raw, ctx.root), value, ctx.root);
  const label = FIELD_LABELS[name] ?? name;
  const hint = typeof schema.description === 'string' ? schema.description : '';
  let input: ComponentChildren;
  if (Array.isArray(schema.enum) && typeof value === 'string') {
    const options = schema.enum as string[];
    const texts = (schema.enumDescriptions ?? []) as string[];
    input = (
      <select data-pointer={pointer} value={value} onChange={(e) => ctx.onSet(pointer, (e.currentTarget as HTMLSelectElement).value)}>
        {!options.includes(value) && <option value={value}>未知的值「{value}」</option>}
        {options.map((o, i) => <option value={o}>{ENUM_LABELS[o] ?? texts[i] ?? o}</option>)}
      </select>
    );
  } else if (typeof value === 'number') input = <NumberField value={value} pointer={pointer} schema={schema} ctx={ctx} />;
  else if (typeof value === 'boolean')
    input = <input type="checkbox" data-pointer={pointer} checked={value} onChange={(e) => ctx.onSet(pointer, (e.currentTarget as HTMLInputElement).checked)} />;
  else if (typeof value === 'string') input = <TextField value={value} pointer={pointer} ctx={ctx} long={value.length > 60} />;
  else if (Array.isArray(value)) {
    const items = schema.items;
    if (value.every((v) => typeof v === 'string') && value.length <= 12) {
      input = <TextField value={(value as string[]).join('、')} pointer={pointer} ctx={{ ...ctx, onSet: (p, v) => ctx.onSet(p, String(v).split(/[、,，]\s*/).filter((x) => x !== '')) }} long={false} />;
    } else
      return (
        <fieldset class="group">
          <legend title={hint}>{label}</legend>
          {value.map((item, i) => (
            <div class="array-item">
              <Field name={`${label} ${i + 1}`} schema={items} value={item} pointer={`${pointer}/${i}`} ctx={ctx} />
            </div>
          ))}
          <FieldErrors pointer={pointer} ctx={ctx} />
        </fieldset>
      );
  } else if (typeof value === 'object' && value !== null) {
    return (
      <fieldset class="group">
        <legend title={hint}>{label}</legend>
        <ObjectFields schema={schema} value={value as Record<string, unknown>} pointer={pointer} ctx={ctx} />
        <FieldErrors pointer={pointer} ctx={ctx} />
      </fieldset>
    );
  } else input = <span class="muted">（请在 JSON 视图中编辑）</span>;
  return (
    <label class="field">
      <span class="label" title={hint}>
        {label}
      </span>
      <span class="input">{input}</span>
      {hint && <span class="hint">{hint}</span>}
      <FieldErrors pointer={pointer} ctx={ctx} />
    </label>
  );
}

export function ObjectFields({ schema, value, pointer, ctx }: { schema: Schema; value: Record<string, unknown>; pointer: string; ctx: FormContext }) {
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  const additional = schema.additionalProperties;
  return (
    <>
      {Object.keys(value)
        .filter((k) => !(ctx.skip ?? []).includes(k) && k !== '$schema')
        .map((k) => (
          <Field name={k} schema={props[k] ?? (typeof additional === 'object' ? additional : {})} value={value[k]} pointer={`${pointer}/${escapeKey(k)}`} ctx={ctx} />
        ))}
    </>
  );
}
