import type { FactResolver } from '../conditions/evaluator.js';
import { dayNumber } from '../dates/calendar.js';
import type { BasisCitation, EnforcementAction, EnforcementOutcome } from '../evaluate/decision.js';
import { explainRule } from '../evaluate/explain.js';
import { NO_GROUNDS, sentenceWithout } from '../evaluate/grounds.js';
import type { RuleResults } from '../evaluate/rule-results.js';
import type { PreparedRuleSet } from '../evaluate/rule-sets.js';
import type { EnforcementRuleSet } from '../ruleset/schema.js';
import { basisOn } from './basis.js';
import { compareIds } from '../order/ids.js';

type ActionDef = EnforcementRuleSet['actions'][number];
type ActionRequest = EnforcementRuleSet['rules'][number]['actions'][number];

/**
 * The actions of every enforcement rule set of a bundle by code — a law pack's and a district's
 * catalogs are one — with each action's place: rule-set order (by id), then catalog order.
 */
export type ActionCatalog = ReadonlyMap<string, ActionDef & { order: number }>;

export function actionCatalog(prepared: readonly PreparedRuleSet[]): ActionCatalog {
  const catalog = new Map<string, ActionDef & { order: number }>();
  for (const p of prepared) {
    if (p.doc.kind !== 'enforcement') continue;
    // A code defined twice is a bundle issue (DUPLICATE_ACTION): the engine never sees one.
    for (const a of p.doc.actions) if (!catalog.has(a.code)) catalog.set(a.code, { ...a, order: catalog.size });
  }
  return catalog;
}

/**
 * One unit's enforcement outcome while its enforcement rule sets are evaluated one after another:
 * each proposes actions; escalation is settled over all of them once the last has been heard, since an
 * action of one rule set may escalate from an action another one takes.
 */
export class EnforcementDraft {
  /** The decision's outcome object, filled in by `settle` (placed early so decisions keep their key order). */
  readonly outcome: EnforcementOutcome = { actions: [], withheld: [] };
  private readonly candidates: EnforcementAction[] = [];

  constructor(
    private readonly catalog: ActionCatalog,
    private readonly asOf: string,
  ) {}

  /** The actions the fired rules of one enforcement rule set ask for; those without a basis in force are withheld. */
  propose(prepared: PreparedRuleSet, results: RuleResults, resolve: FactResolver): void {
    const doc = prepared.doc as EnforcementRuleSet;
    for (let i = 0; i < doc.rules.length; i++) {
      if (!results.fired(i)) continue;
      const rule = doc.rules[i] as EnforcementRuleSet['rules'][number];
      for (const req of rule.actions) {
        const action = this.action(prepared, i, results, req, resolve);
        if (action) this.candidates.push(action);
      }
    }
  }

  private action(prepared: PreparedRuleSet, i: number, results: RuleResults, req: ActionRequest, resolve: FactResolver): EnforcementAction | null {
    const doc = prepared.doc as EnforcementRuleSet;
    const rule = doc.rules[i] as EnforcementRuleSet['rules'][number];
    const def = this.catalog.get(req.code);
    let basis: BasisCitation | null = null;
    if (req.basis !== undefined) {
      // The article in force on the facts' date (e.g. the accident's), else on the evaluation's.
      const dateFact = req.basisDateFact === undefined ? null : resolve(req.basisDateFact, undefined);
      const on = typeof dateFact === 'string' && dayNumber(dateFact) !== null ? dateFact : this.asOf;
      const b = doc.bases?.[req.basis];
      basis = b ? basisOn(req.basis, b, on) : null;
      if (!basis) {
        this.outcome.withheld.push({ code: req.code, ruleId: rule.id, why: `${on} 时「${b?.law ?? req.basis}」尚无相应条文，不能采取「${def?.title ?? req.code}」` });
        return null;
      }
    }
    const waiver = req.noticeWaivedBy !== undefined && resolve(req.noticeWaivedBy, undefined) === true ? (prepared.labels.get(req.noticeWaivedBy)?.['zh-CN'] ?? req.noticeWaivedBy) : undefined;
    const title = def?.title ?? req.code;
    const grounds = prepared.grounds[i] ?? NO_GROUNDS;
    const action: EnforcementAction = {
      code: req.code,
      title,
      ruleId: rule.id,
      cite: rule.cite,
      provenance: grounds.kinds,
      basis,
      noticeHours: req.noticeHours ?? null,
      writtenNotice: req.writtenNotice ?? false,
      after: def?.after ?? [],
      explanation: `采取「${title}」。${explainRule(rule.title, rule.cite, results.result(i).trace, actionTerms(basis, req, waiver), sentenceWithout(grounds, basis ? req.basis : undefined))}`,
    };
    if (waiver !== undefined && req.noticeHours) action.noticeWaived = waiver;
    return action;
  }

  /** Escalation (an action stands only if every action it escalates from stands too: a fixed point), then a stable order. */
  settle(): EnforcementOutcome {
    const { withheld } = this.outcome;
    if (this.candidates.length === 0 && withheld.length === 0) return this.outcome; // most units: nothing fired
    let actions = this.candidates;
    for (;;) {
      const present = new Set(actions.map((a) => a.code));
      const keep = actions.filter((a) => a.after.every((c) => present.has(c)));
      for (const a of actions) {
        if (!keep.includes(a)) withheld.push({ code: a.code, ruleId: a.ruleId, why: `须先作出「${a.after.map((c) => this.catalog.get(c)?.title ?? c).join('、')}」，不能直接采取「${a.title}」` });
      }
      if (keep.length === actions.length) break;
      actions = keep;
    }
    actions.sort((a, b) => (this.catalog.get(a.code)?.order ?? 0) - (this.catalog.get(b.code)?.order ?? 0) || compareIds(a.ruleId, b.ruleId));
    withheld.sort((a, b) => compareIds(a.code, b.code) || compareIds(a.ruleId, b.ruleId));
    this.outcome.actions.push(...actions);
    return this.outcome;
  }
}

/**
 * What an action requires, in the order an official checks it: the article in force on the facts'
 * date, each procedural requirement on its own, and the advance notice (or why it is waived).
 */
function actionTerms(basis: BasisCitation | null, req: ActionRequest, waiver: string | undefined): string | undefined {
  const parts: string[] = [];
  if (basis) parts.push(`法律依据：${basis.law}${basis.article}（按 ${basis.on} 施行的条文）`);
  const steps = req.procedure ?? [];
  if (steps.length > 0) parts.push(`须同时满足：${steps.map((p, i) => `（${CN_NUMBERS[i] ?? i + 1}）${p}`).join('；')}`);
  if (req.noticeHours) {
    parts.push(waiver !== undefined ? `属于${waiver}，免予提前 ${req.noticeHours} 小时通知` : `提前 ${req.noticeHours} 小时${req.writtenNotice ? '书面' : ''}通知被执行单位`);
  }
  return parts.length > 0 ? parts.join('；') : undefined;
}
const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
