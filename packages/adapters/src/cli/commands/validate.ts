/**
 * `anquan validate FILE...`: rule sets (documents with "kind") are parsed, then checked together
 * against the pack's domain when they form a bundle (one per kind), else one by one; facts
 * documents (with "units") are checked against the fact model and by a trial evaluation. Every issue
 * is printed as `file:line:column  /pointer  message`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { createEngine, decodeRuleFile, formatLintIssue, formatRuleIssue, lintRuleSets, parseRuleSet, type AnquanEngine, type LoadedRuleSet, type RuleIssue } from '@anquan/core';
import { factsDocumentSchema } from '@anquan/rules';
import { defaultPack } from '../../packs/load-pack.js';
import { packRuleSets } from '../../packs/pack-engine.js';
import { jsonSource, stripBom } from '../../sources/json-source.js';
import { ndjsonSource } from '../../sources/ndjson-source.js';
import { helpText, type Lang } from '../i18n.js';
import { formatSourceIssue, loadEngine, pointerLocator, UsageError, type CliContext } from '../io.js';
import type { Finish } from './types.js';

export interface ValidateOptions {
  rules?: string | undefined;
}

export function registerValidate(program: Command, ctx: CliContext, finish: Finish): void {
  const { lang } = ctx;
  program
    .command('validate')
    .description(helpText(lang, 'cmdValidate'))
    .argument('<files...>', helpText(lang, 'argFiles'))
    .option('--rules <dir>', helpText(lang, 'optRules'))
    .action(async (files: string[], options: ValidateOptions) => finish(await validate(ctx, files, options)));
}

interface Target {
  /** As shown to the person: the path they typed, or folder/name for expanded folders. */
  display: string;
  full: string;
}

function expand(ctx: CliContext, args: readonly string[]): Target[] {
  const targets: Target[] = [];
  for (const arg of args) {
    const full = ctx.path(arg);
    if (!existsSync(full)) throw new UsageError(ctx.m.fileNotFound(arg));
    if (statSync(full).isDirectory()) {
      const names = readdirSync(full)
        .filter((n) => n.toLowerCase().endsWith('.json') && statSync(join(full, n)).isFile())
        .sort();
      if (names.length === 0) throw new UsageError(ctx.m.emptyDir(arg));
      for (const n of names) targets.push({ display: join(arg, n), full: join(full, n) });
    } else targets.push({ display: arg, full });
  }
  return targets;
}

type DocKind = 'ruleset' | 'facts' | 'unknown';

function classify(file: string, text: string): DocKind {
  const ext = extname(file).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') return 'facts';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Broken JSON: guess from the text, so the syntax error is reported by the right parser.
    if (/"kind"\s*:/.test(text)) return 'ruleset';
    if (/"(units|period)"\s*:/.test(text)) return 'facts';
    return 'ruleset';
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if ('kind' in value) return 'ruleset';
    if ('units' in value || 'period' in value) return 'facts';
  }
  return 'unknown';
}

const slotOf = (rs: LoadedRuleSet): string => {
  const d = rs.document;
  // A bundle may hold several enforcement rule sets (a law pack's and a district's), one of each other kind.
  return d.kind === 'classification' || d.kind === 'amount' ? `${d.kind}:${d.subject}` : d.kind === 'enforcement' ? `enforcement:${d.id}` : d.kind;
};

async function validate(ctx: CliContext, args: readonly string[], options: ValidateOptions): Promise<number> {
  const { m, lang } = ctx;
  const targets = expand(ctx, args);
  /** Issue lines per displayed file, in target order. */
  const lines = new Map<string, string[]>(targets.map((t) => [t.display, []]));
  const passNote = new Map<string, string>();
  const notes: string[] = [];
  const loaded: LoadedRuleSet[] = [];
  const add = (file: string, line: string) => {
    const list = lines.get(file);
    if (list) list.push(line);
    else notes.push(line);
  };
  const addRuleIssues = (issues: readonly RuleIssue[]) => issues.forEach((i) => add(i.file, formatRuleIssue(i, lang)));

  let engine: AnquanEngine | undefined;
  const factsEngine = async (): Promise<AnquanEngine> => (engine ??= await loadEngine(ctx, { rules: options.rules }));

  for (const t of targets) {
    // Not UTF-8: refused with its place (as fact files are), never read with replacement characters.
    const decoded = decodeRuleFile(await readFile(t.full), t.display);
    if (!decoded.ok) {
      addRuleIssues(decoded.issues);
      continue;
    }
    const text = stripBom(decoded.text);
    const kind = classify(t.full, text);
    if (kind === 'unknown') add(t.display, `${t.display}:1:1  /  ${m.validateUnknownDoc}`);
    else if (kind === 'ruleset') {
      const parsed = parseRuleSet(text, t.display);
      if (parsed.ok) {
        loaded.push(parsed.ruleSet);
        const r = parsed.ruleSet.ref;
        passNote.set(t.display, m.validatePassRuleSet(t.display, r.id, r.version, r.hash.slice(0, 12)));
      } else addRuleIssues(parsed.issues);
    } else {
      const checked = await validateFacts(ctx, t, text, factsEngine);
      for (const l of checked.lines) add(t.display, l);
      passNote.set(t.display, m.validatePassFacts(t.display, checked.units));
    }
  }

  // Rule sets that parsed: one bundle when there is one per kind, else each on its own.
  if (loaded.length > 0) {
    const pack = await ctx.pack();
    const domain = pack.domain;
    const slots = new Set(loaded.map(slotOf));
    if (slots.size === loaded.length) {
      // The pack's own rule sets are checked with the packs it uses under them (a district's measure may
      // take an action of the law's), as `--rules DIR` evaluates them; files given from those packs replace theirs.
      const used = packRuleSets(pack, { ruleSets: loaded });
      const created = createEngine({ domain, ruleSets: used.ok ? used.ruleSets : loaded });
      if (!created.ok) addRuleIssues(created.issues);
      // Static checks: warnings that do not fail validation (rules that never fire, caps, bands, dates).
      else for (const w of lintRuleSets(loaded, domain)) notes.push(formatLintIssue(w, lang));
      if (loaded.length > 1) notes.push(m.validateBundle(loaded.length));
    } else {
      notes.push(m.validateIndividually);
      for (const rs of loaded) {
        const created = createEngine({ domain, ruleSets: [rs] });
        if (!created.ok) addRuleIssues(created.issues);
      }
    }
  }

  let ok = 0;
  let bad = 0;
  for (const t of targets) {
    const issues = lines.get(t.display) ?? [];
    for (const l of issues) ctx.out(l);
    if (issues.length === 0) {
      ok++;
      ctx.out(passNote.get(t.display) ?? `✓ ${t.display}`);
    } else {
      bad++;
      ctx.out(m.validateFail(t.display, issues.length));
    }
  }
  for (const n of notes) ctx.out(n);
  ctx.out(m.validateSummary(ok, bad));
  return bad > 0 ? 1 : 0;
}

async function validateFacts(ctx: CliContext, t: Target, text: string, engine: () => Promise<AnquanEngine>): Promise<{ lines: string[]; units: number }> {
  const { lang } = ctx;
  const ndjson = ['.ndjson', '.jsonl'].includes(extname(t.full).toLowerCase());
  const source = ndjson ? ndjsonSource({ file: t.full }) : jsonSource({ text, file: t.display });
  let read;
  try {
    read = await source.read();
  } finally {
    await source.dispose?.();
  }
  if (read.issues.length > 0) {
    return { lines: read.issues.map((i) => formatSourceIssue({ ...i, location: { ...i.location, file: t.display } }, lang)), units: 0 };
  }
  // Pointers are located in the JSON text; NDJSON facts are assembled from lines, so only the file is named.
  const locate = ndjson ? null : pointerLocator(text);
  const at = (pointer: string, message: string): string => {
    const where = locate ? `${t.display}:${locate(pointer).line}:${locate(pointer).column}` : t.display;
    return `${where}  ${pointer || '/'}  ${message}`;
  };
  const facts = read.facts;
  const units = Array.isArray(facts.units) ? facts.units.length : 0;
  const lines: string[] = [];
  const seen: string[] = [];
  // The bundled pack's facts schema names fields in Chinese; another pack's facts are checked by its engine alone.
  const schema = (await ctx.pack()) === defaultPack() ? factsDocumentSchema.safeParse(facts) : { success: true as const };
  if (!schema.success) {
    for (const issue of schema.error.issues) {
      const pointer = toPointer(issue.path);
      seen.push(pointer);
      lines.push(at(pointer, zodMessage(issue, lang)));
    }
  }
  // The engine adds what a schema cannot see (duplicate ids, records of unknown units, limits);
  // what the schema already reported at or around the same place is not repeated.
  const evaluated = await (await engine()).evaluate(facts);
  const issues = evaluated.ok ? evaluated.result.issues : evaluated.issues.length > 0 ? evaluated.issues : [{ pointer: '', message: evaluated.error.messages }];
  const overlaps = (p: string) => seen.some((q) => q === p || q.startsWith(p + '/') || p.startsWith(q + '/'));
  for (const i of issues) if (!overlaps(i.pointer)) lines.push(at(i.pointer, i.message[lang]));
  return { lines, units };
}

const ZOD_LOCALES = { 'zh-CN': z.locales.zhCN(), en: z.locales.en() };

/** A zod issue in the chosen language; the fact model's own messages are written "中文 / English". */
function zodMessage(issue: z.core.$ZodIssue, lang: Lang): string {
  const custom = issue.message.split(' / ');
  if (custom.length === 2) return (lang === 'en' ? custom[1] : custom[0]) as string;
  const r = ZOD_LOCALES[lang].localeError(issue as never);
  return typeof r === 'string' ? r : (r?.message ?? issue.message);
}

function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
