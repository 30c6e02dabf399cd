import { dayNumber } from '../dates/calendar.js';
import { AnquanError } from '../errors/anquan-error.js';
import { msg } from '../errors/messages.js';
import type { Domain } from '../facts/domain.js';
import type { InputIssue } from './decision.js';
import { checkInput, type ValidInput } from './input.js';
import type { EvaluateOptions } from './options.js';
import type { PreparedRuleSet } from './rule-sets.js';

export type AcceptedInput = { ok: true; input: ValidInput } | { ok: false; error: AnquanError; issues: InputIssue[] };

/**
 * The facts of one evaluation, validated, on a date every rule set is in force: an input the rule
 * sets do not apply to is refused whole, not decided by rules that were not yet (or no longer) law.
 * `synchronous`: the run ends before the caller can change the facts, so records need not be copied.
 */
export function acceptInput(domain: Domain<unknown>, prepared: readonly PreparedRuleSet[], facts: unknown, opts: EvaluateOptions, synchronous: boolean): AcceptedInput {
  const whole = opts.references === true && opts.units === undefined && opts.digests === undefined && opts.collectDigest !== true;
  const checked = checkInput(domain, facts, opts.asOf, opts.limits, synchronous, whole);
  if (!checked.ok) {
    return { ok: false, error: new AnquanError('INVALID_FACTS', checked.issues[0]?.message ?? msg('事实数据无效', 'invalid facts')), issues: checked.issues };
  }
  const input = checked.input;
  const day = dayNumber(input.asOf) ?? 0;
  for (const p of prepared) {
    const e = p.doc.effective;
    if (day < (dayNumber(e.from) ?? 0) || (e.to !== undefined && day > (dayNumber(e.to) ?? 0))) {
      const m = msg(`规则集「${p.doc.id}」${p.doc.version} 在 ${input.asOf} 不在有效期内（${e.from} 至 ${e.to ?? '长期'}）`, `rule set "${p.doc.id}" ${p.doc.version} is not in force on ${input.asOf} (${e.from} – ${e.to ?? 'open'})`);
      return { ok: false, error: new AnquanError('RULESET_NOT_EFFECTIVE', m), issues: [{ code: 'RULESET_NOT_EFFECTIVE', unitId: null, pointer: '', message: m }] };
    }
  }
  return { ok: true, input };
}
