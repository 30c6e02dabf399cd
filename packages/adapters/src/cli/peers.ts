/**
 * Optional peers (better-sqlite3, exceljs, fastify, fast-check) checked before a command starts its
 * work: a missing one stops the command at once with a message in the user's language that says what
 * to install — never after the evaluation, never with a path from inside node_modules. Only whether
 * the package is there is checked; loading it stays with the adapter that needs it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Messages } from './i18n.js';

export type Peer = 'better-sqlite3' | 'exceljs' | 'fastify' | 'fast-check';

/** The package whose dependency the peer is (Node looks for it from there). */
const OWNER: Record<Peer, '@anquan/rules' | '@anquan/adapters'> = {
  'better-sqlite3': '@anquan/adapters',
  exceljs: '@anquan/adapters',
  fastify: '@anquan/adapters',
  'fast-check': '@anquan/rules',
};

const here = createRequire(import.meta.url);

/** Whether Node would find `peer` from its owner package (the node_modules folders it searches). */
export function peerInstalled(peer: Peer): boolean {
  const from = createRequire(join(dirname(here.resolve(`${OWNER[peer]}/package.json`)), 'package.json'));
  const folders = from.resolve.paths(peer) ?? [];
  return folders.some((folder) => existsSync(join(folder, peer, 'package.json')));
}

/** The missing ones of `peers`. */
export function missingPeers(peers: readonly Peer[], installed: (peer: Peer) => boolean = peerInstalled): Peer[] {
  return peers.filter((p) => !installed(p));
}

/** The message for missing peers, `what` saying what needs them. */
export function peerMessage(m: Messages, missing: readonly Peer[], what: string): string {
  return m.peerMissing(missing.join(' '), what);
}
