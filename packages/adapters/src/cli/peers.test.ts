import { describe, expect, it } from 'vitest';
import { messages } from './i18n.js';
import { missingPeers, peerInstalled, peerMessage } from './peers.js';

describe('optional peers', () => {
  it('finds the peers the monorepo installs for its tests', () => {
    expect((['better-sqlite3', 'exceljs', 'fastify', 'fast-check'] as const).map(peerInstalled)).toEqual([true, true, true, true]);
  });

  it('lists the missing ones and says what to install, without a path', () => {
    const missing = missingPeers(['better-sqlite3', 'fast-check'], (p) => p === 'fast-check');
    expect(missing).toEqual(['better-sqlite3']);
    const zh = messages('zh-CN');
    expect(peerMessage(zh, missing, zh.peerForStore)).toEqual('把决定写入 SQLite 决定日志（--store、verify-log）需要可选依赖 better-sqlite3，尚未安装。请先运行：npm install better-sqlite3');
    const en = messages('en');
    expect(peerMessage(en, ['fast-check'], en.peerForTesting('audit'))).toEqual('anquan audit (generated facts) needs the optional dependency fast-check, which is not installed. Install it first: npm install fast-check');
  });
});
