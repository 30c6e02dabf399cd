import type { Bilingual } from '../errors/messages.js';
import type { Domain } from '../facts/domain.js';

/**
 * A policy pack: one policy made executable — its domain (fact model, fact providers, policy text,
 * partition capability), the folders of its rule sets, and what a host needs to try it (a sample, a
 * generator). Hosts (CLI, HTTP, worker threads, streams) take a pack and know nothing else about the
 * policy, so next year's opinion or another district is a new pack, not a change to the hosts.
 *
 * A district pack usually builds on a law pack (`uses`): the law's measures and gradings come with it,
 * and the district adds its own scorecard, veto and rewards.
 */
export interface PolicyPack<State = unknown, Digest = unknown> {
  /** Stable id, e.g. `yicheng-2021`. */
  id: string;
  title: Bilingual;
  /** The domain the pack's rule sets are written against (it includes the facts of the packs it uses). */
  domain: Domain<State, Digest>;
  /**
   * The folders of the pack's rule sets (absolute paths), read in order: the rule sets of the packs it
   * uses first, then its own. A host's `--rules DIR` replaces the pack's own folders: the used packs'
   * rule sets stay under it, except those DIR has a rule set of the same id for.
   */
  ruleSetDirs: readonly string[];
  /** The packs this one builds on, for documentation and listings (their folders are in `ruleSetDirs`). */
  uses?: readonly PolicyPack[];
  /** A small facts document that exercises the pack's rules (quick starts, `anquan assess` without facts). */
  sample?(): unknown;
  /**
   * A synthetic facts document with about `units` local units (benchmarks, warming worker threads,
   * `anquan generate`); the same seed gives the same document. `year`: the assessment year (the
   * pack's own by default).
   */
  generate?(options: { seed: number; units: number; year?: number }): unknown;
  /**
   * Where a worker thread finds this pack again: a module specifier (package name or file URL) and the
   * name it is exported under. Without it, a host decides on one thread.
   */
  module?: { specifier: string; name: string };
}

/** Identity helper that keeps a pack's state type (like `defineDomain`). */
export function definePack<State, Digest = unknown>(pack: PolicyPack<State, Digest>): PolicyPack<State, Digest> {
  return pack;
}
