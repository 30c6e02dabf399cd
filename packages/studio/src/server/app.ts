/**
 * The studio's HTTP side (Fastify): the page, and a small JSON API over one rules folder — read the
 * folder and the vocabulary, check drafts (the checks of `anquan validate`), compute a draft's impact
 * (the engine and diff of `anquan diff`), save (valid only, version bumped, change recorded, never
 * over a file changed on disk since it was opened), export the HTML diff report, load other facts.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { renderHtmlReport } from '@anquan/adapters';
import { todayInChina } from '@anquan/core';
import { opinion } from '../policy/opinion-source.js';
import { enrichedRuleSetSchema } from '../schema/enriched.js';
import { bumpVersion, patchJsonText, setAtPointer } from '../shared/patch-json-text.js';
import { loadAssets, type Asset } from './assets.js';
import { checkTexts } from './check.js';
import { MAX_FACTS_UPLOAD, factsFromUpload, type StudioFacts } from './facts.js';
import { EvaluationCache, compare, evaluateRuleSets, ruleChanges } from './impact.js';
import { FolderError, MAX_RULE_FILE_BYTES, RulesFolder, sha256 } from './rules-folder.js';
import { COOKIE, requestTokens, sameToken } from './token.js';
import { districtVocabulary } from './vocabulary.js';

export interface StudioAppOptions {
  rulesDir: string;
  token: string;
  facts: StudioFacts;
  /** The page's files; default: the prebuilt dist/ui. */
  assets?: Map<string, Asset>;
}

/** A refusal with a stable code and a Chinese message (the page shows the message as is). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;
const MAX_JSON_BODY = MAX_RULE_FILE_BYTES * 4;

type Drafts = Map<string, string>;

export function createStudioApp(options: StudioAppOptions): FastifyInstance {
  const folder = new RulesFolder(options.rulesDir);
  const assets = options.assets ?? loadAssets();
  let facts = options.facts;
  let factsVersion = 0;
  const cache = new EvaluationCache();
  // One person's local tool: closing it must not wait on a browser tab's open connections.
  const app = Fastify({ bodyLimit: MAX_JSON_BODY, logger: false, forceCloseConnections: true });

  app.addHook('onRequest', async (req, reply) => {
    const host = req.headers.host ?? '';
    if (!LOOPBACK_HOST.test(host)) return refuse(reply, new Refusal(403, 'BAD_HOST', '只接受本机地址的访问'));
    if (!requestTokens(req.headers as Record<string, unknown>, req.query).some((t) => sameToken(t, options.token))) {
      const refusal = new Refusal(401, 'TOKEN_REQUIRED', '需要访问令牌：请使用启动时打印的完整地址（含 ?token=…）打开规则工作台');
      // A person opening the address without its token gets a page, not JSON.
      if (String(req.headers.accept ?? '').includes('text/html')) return reply.code(401).type('text/html; charset=utf-8').send(`<!doctype html><meta charset="utf-8"><title>规则工作台</title><p>${refusal.message}</p>`);
      return refuse(reply, refusal);
    }
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
    return undefined;
  });

  app.setErrorHandler((error, _req, reply) => {
    if (error instanceof Refusal) return refuse(reply, error);
    if (error instanceof FolderError) return refuse(reply, new Refusal(error.code === 'NOT_FOUND' ? 404 : 400, error.code, error.message));
    const e = error as { statusCode?: number; code?: string };
    if (e.statusCode === 413) return refuse(reply, new Refusal(413, 'TOO_LARGE', '请求过大'));
    if (e.statusCode !== undefined && e.statusCode < 500) return refuse(reply, new Refusal(e.statusCode, e.code ?? 'BAD_REQUEST', '请求格式不正确'));
    return refuse(reply, new Refusal(500, 'INTERNAL', `内部错误：${String((error as Error).message ?? error).split('\n')[0]}`));
  });
  app.setNotFoundHandler((_req, reply) => refuse(reply, new Refusal(404, 'NOT_FOUND', '没有这个页面')));

  const page = (req: FastifyRequest, reply: FastifyReply) => {
    const asset = assets.get(req.url.split('?')[0] ?? '');
    if (!asset) throw new Refusal(404, 'NOT_FOUND', assets.size === 0 ? '页面文件缺失：请先构建（npm run build -w @anquan/studio）' : '没有这个页面');
    if (req.url.startsWith('/?') || req.url === '/') {
      reply.header('set-cookie', `${COOKIE}=${options.token}; HttpOnly; SameSite=Strict; Path=/`);
      reply.header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    }
    return reply.type(asset.type).send(asset.body);
  };
  app.get('/', page);
  app.get('/assets/:name', page);

  /** The folder's texts with the page's drafts in place (names checked by the folder). */
  const withDrafts = (drafts: Drafts): Map<string, string> => {
    const texts = new Map<string, string>();
    for (const name of folder.list()) texts.set(name, folder.read(name).text);
    for (const [name, text] of drafts) {
      if (!texts.has(name)) folder.read(name);
      texts.set(name, text);
    }
    return texts;
  };

  app.get('/api/state', async () => {
    const files = folder.list().map((name) => ({ name, ...folder.read(name) }));
    return {
      folder: folder.dir,
      files,
      facts: { label: facts.label, units: facts.units, issues: facts.issues },
      vocabulary: districtVocabulary(),
      opinion: opinion(),
      changes: folder.changes().slice(-50),
      today: todayInChina(),
    };
  });

  app.get('/api/schema', async () => enrichedRuleSetSchema());

  /** The sha256 of each rule file as it is on disk now (the page compares them with what it opened). */
  app.get('/api/hashes', async () => Object.fromEntries(folder.list().map((name) => [name, folder.read(name).hash])));

  app.post('/api/check', async (req) => {
    const checked = checkTexts(withDrafts(draftsOf(req.body)));
    return { ok: checked.ok, issues: checked.issues };
  });

  app.post('/api/impact', async (req) => {
    const drafts = draftsOf(req.body);
    const after = checkTexts(withDrafts(drafts));
    if (!after.ok) return { ok: false, issues: after.issues };
    if (facts.facts === null || facts.issues.length > 0) return { ok: false, issues: [], message: '事实数据有问题，无法计算影响（见“数据”）' };
    const before = checkTexts(withDrafts(new Map()));
    if (!before.ok) return { ok: false, issues: before.issues, message: '磁盘上的规则未通过校验' };
    const [b, a] = [await cache.get(before.ruleSets, facts.facts, factsVersion), await evaluateRuleSets(after.ruleSets, facts.facts)];
    if (!b.ok || !a.ok) return { ok: false, issues: [], message: (!b.ok ? b.message : '') || (!a.ok ? a.message : '') };
    return { ok: true, ...compare(before.ruleSets, after.ruleSets, b.result, a.result) };
  });

  app.post('/api/report', async (req, reply) => {
    const drafts = draftsOf(req.body);
    const after = checkTexts(withDrafts(drafts));
    const before = checkTexts(withDrafts(new Map()));
    if (!after.ok || !before.ok) throw new Refusal(422, 'INVALID', '规则未通过校验，无法生成报告');
    const [b, a] = [await cache.get(before.ruleSets, facts.facts, factsVersion), await evaluateRuleSets(after.ruleSets, facts.facts)];
    if (!b.ok || !a.ok) throw new Refusal(422, 'EVALUATION_FAILED', (!b.ok ? b.message : '') || (!a.ok ? a.message : ''));
    const { changes, impact } = compare(before.ruleSets, after.ruleSets, b.result, a.result);
    const units = (facts.facts as { units?: Array<{ id?: unknown; jurisdiction?: unknown }> }).units ?? [];
    const jurisdictions = Object.fromEntries(units.filter((u) => typeof u.id === 'string' && typeof u.jurisdiction === 'string').map((u) => [u.id as string, u.jurisdiction as string]));
    return reply.type('text/html; charset=utf-8').header('content-disposition', 'attachment; filename="rule-change-report.html"').send(renderHtmlReport(a.result, { lang: 'zh-CN', changes, impact, jurisdictions }));
  });

  app.post('/api/save', async (req) => save(folder, req.body));

  app.post('/api/facts', { bodyLimit: MAX_FACTS_UPLOAD + 64 * 1024 }, async (req) => {
    const loaded = await factsFromUpload((req.body ?? {}) as Record<string, unknown>);
    if (loaded.issues.length === 0) {
      facts = loaded;
      factsVersion++;
    }
    return { ok: loaded.issues.length === 0, facts: { label: loaded.label, units: loaded.units, issues: loaded.issues } };
  });

  return app;
}

function refuse(reply: FastifyReply, r: Refusal): FastifyReply {
  return reply.code(r.status).type('application/json; charset=utf-8').send({ ok: false, code: r.code, message: r.message, ...(r.details === undefined ? {} : { details: r.details }) });
}

function draftsOf(body: unknown): Drafts {
  const drafts = (body as { drafts?: unknown } | null)?.drafts;
  if (drafts === undefined) return new Map();
  if (typeof drafts !== 'object' || drafts === null || Array.isArray(drafts)) throw new Refusal(400, 'BAD_REQUEST', 'drafts 应为 { 文件名: 文本 }');
  const out: Drafts = new Map();
  for (const [name, text] of Object.entries(drafts)) {
    if (typeof text !== 'string') throw new Refusal(400, 'BAD_REQUEST', `草稿 ${name} 应为文本`);
    if (Buffer.byteLength(text) > MAX_RULE_FILE_BYTES) throw new Refusal(413, 'TOO_LARGE', `草稿 ${name} 过大`);
    out.set(name, text);
  }
  return out;
}

interface SaveBody {
  name?: unknown;
  text?: unknown;
  baseHash?: unknown;
  who?: unknown;
  why?: unknown;
  bump?: unknown;
}

/** Saves one rule file: valid, version bumped, not changed on disk since it was opened, change recorded. */
function save(folder: RulesFolder, body: unknown) {
  const b = (body ?? {}) as SaveBody;
  const who = typeof b.who === 'string' ? b.who.trim() : '';
  const why = typeof b.why === 'string' ? b.why.trim() : '';
  if (typeof b.name !== 'string' || typeof b.text !== 'string' || typeof b.baseHash !== 'string') throw new Refusal(400, 'BAD_REQUEST', '保存请求缺少文件名、内容或打开时的版本');
  if (who === '' || who.length > 100) throw new Refusal(400, 'WHO_REQUIRED', '请填写修改人（100 字以内）');
  if (why === '' || why.length > 2000) throw new Refusal(400, 'WHY_REQUIRED', '请填写修改理由（必填，2000 字以内）');
  if (Buffer.byteLength(b.text) > MAX_RULE_FILE_BYTES) throw new Refusal(413, 'TOO_LARGE', '规则文件过大');
  const disk = folder.read(b.name);
  if (disk.hash !== b.baseHash) throw new Refusal(409, 'CHANGED_ON_DISK', `「${b.name}」在打开之后已被其他人或程序修改。为避免覆盖他人的修改，本次不保存：请复制您的修改，重新载入后再改。`);
  if (b.text === disk.text) throw new Refusal(400, 'NO_CHANGES', '没有需要保存的修改');

  let text = b.text;
  let oldVersion = '';
  let newVersion = '';
  try {
    const oldDoc = JSON.parse(disk.text) as { version?: unknown };
    const newDoc = JSON.parse(text) as { version?: unknown };
    oldVersion = typeof oldDoc.version === 'string' ? oldDoc.version : '';
    newVersion = typeof newDoc.version === 'string' ? newDoc.version : '';
    if (newVersion === oldVersion && oldVersion !== '') {
      const level = b.bump === 'major' || b.bump === 'patch' ? b.bump : 'minor';
      newVersion = bumpVersion(oldVersion, level);
      text = patchJsonText(text, setAtPointer(newDoc, '/version', newVersion));
    }
  } catch {
    // Not JSON: the check below reports the syntax error with its line and column.
  }
  const texts = new Map<string, string>();
  for (const name of folder.list()) texts.set(name, name === b.name ? text : folder.read(name).text);
  const checked = checkTexts(texts);
  if (!checked.ok) throw new Refusal(422, 'INVALID', '规则未通过校验，不能保存。请先改正标出的错误。', checked.issues.filter((i) => i.severity === 'error'));

  const before = checkTexts(new Map([[b.name, disk.text]]));
  const after = checked.ruleSets.find((r) => r.file === b.name);
  const hash = folder.write(b.name, text);
  const record = {
    at: new Date().toISOString(),
    date: todayInChina(),
    who,
    why,
    file: b.name,
    ruleSet: after?.ref.id ?? '',
    fromVersion: oldVersion,
    toVersion: newVersion,
    fromSha256: sha256(disk.text),
    toSha256: hash,
    ...(before.ok && after ? { changes: ruleChanges(before.ruleSets, [after]).map((c) => c.message['zh-CN']) } : {}),
  };
  folder.appendChange(record);
  return { ok: true, name: b.name, text, hash, version: newVersion, record };
}
