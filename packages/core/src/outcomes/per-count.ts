import { resolvePath } from '../conditions/path.js';
import type { FactResolver } from '../conditions/evaluator.js';
import type { JsonValue } from '../evaluate/decision.js';
import { asCount } from './points.js';

/** How many times a per-count rule applies: its fact (or a path into it) as a count, capped at `max`. */
export function perCount(resolve: FactResolver, per: { fact: string; params?: Record<string, JsonValue> | undefined; path?: string | undefined; max?: number | undefined }, at: { key: string; slot: number } | undefined): number {
  const v = resolve(per.fact, per.params, at?.key, at?.slot);
  return asCount(per.path && v !== null && typeof v === 'object' ? resolvePath(v, per.path) : v, per.max);
}
