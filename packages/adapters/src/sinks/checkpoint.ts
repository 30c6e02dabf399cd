/**
 * Signed checkpoints of a decision log, in the spirit of Certificate Transparency's signed tree
 * heads: after a write, the writer signs the log's head (seq + hash) with an Ed25519 key and keeps
 * the checkpoint OUTSIDE the store. A hash chain alone cannot tell an honest log from one whose tail
 * was cut off, extended, or rewritten and re-hashed; a checkpoint that only the key holder can sign
 * can. Anyone with the public key verifies (node:crypto, no dependency).
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { StoreError } from './errors.js';

/** What a checkpoint says: "the log ended at record `seq` with hash `head`", signed. One JSON line. */
export interface Checkpoint {
  format: 'anquan-checkpoint/1';
  seq: number;
  head: string;
  /** When it was signed (ISO 8601). */
  at: string;
  /** First 16 hex digits of sha256 of the public key (SPKI DER): which key signed it. */
  keyId: string;
  /** Ed25519 signature of `signedText(...)`, base64. */
  signature: string;
}

const FORMAT = 'anquan-checkpoint/1';

/** The exact bytes signed: nothing else in the line is trusted. */
function signedText(seq: number, head: string, at: string): string {
  return `${FORMAT}\n${seq}\n${head}\n${at}\n`;
}

function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function ed25519(key: KeyObject, what: 'private' | 'public'): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new StoreError('INVALID_OPTIONS', `the ${what} key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  return key;
}

/** An Ed25519 private key from PEM text (PKCS#8, as `openssl genpkey -algorithm ed25519` writes it). */
export function privateKeyFromPem(pem: string): KeyObject {
  try {
    return ed25519(createPrivateKey(pem), 'private');
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    throw new StoreError('INVALID_OPTIONS', 'not a PEM private key', { cause });
  }
}

/** An Ed25519 public key from PEM text (SPKI, as `openssl pkey -pubout` writes it). */
export function publicKeyFromPem(pem: string): KeyObject {
  try {
    return ed25519(createPublicKey(pem), 'public');
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    throw new StoreError('INVALID_OPTIONS', 'not a PEM public key', { cause });
  }
}

/** Signs a head. */
export function signCheckpoint(head: { seq: number; hash: string }, privateKey: KeyObject, at: string = new Date().toISOString()): Checkpoint {
  const key = ed25519(privateKey, 'private');
  const signature = sign(null, Buffer.from(signedText(head.seq, head.hash, at), 'utf8'), key).toString('base64');
  return { format: FORMAT, seq: head.seq, head: head.hash, at, keyId: keyIdOf(createPublicKey(key)), signature };
}

export type CheckpointCheck = { ok: true; checkpoint: Checkpoint } | { ok: false; reason: { 'zh-CN': string; en: string } };

/** Checks one checkpoint (a parsed JSON line) against the public key. Never throws. */
export function verifyCheckpoint(value: unknown, publicKey: KeyObject): CheckpointCheck {
  const bad = (zh: string, en: string): CheckpointCheck => ({ ok: false, reason: { 'zh-CN': zh, en } });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('检查点不是 JSON 对象', 'a checkpoint is not a JSON object');
  const c = value as Record<string, unknown>;
  if (c.format !== FORMAT || !Number.isSafeInteger(c.seq) || (c.seq as number) < 1 || typeof c.head !== 'string' || !/^[0-9a-f]{64}$/.test(c.head) || typeof c.at !== 'string' || typeof c.signature !== 'string') {
    return bad('检查点的格式不正确', 'a checkpoint is malformed');
  }
  let ok = false;
  try {
    ok = verify(null, Buffer.from(signedText(c.seq as number, c.head, c.at), 'utf8'), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) return bad(`第 ${String(c.seq)} 条记录的检查点签名无效（不是此公钥签发的，或被修改过）`, `the checkpoint of record ${String(c.seq)} has an invalid signature (another key, or edited)`);
  return { ok: true, checkpoint: { format: FORMAT, seq: c.seq as number, head: c.head, at: c.at, keyId: typeof c.keyId === 'string' ? c.keyId : '', signature: c.signature } };
}

/** Checkpoints file: one JSON checkpoint per line. Every line is checked; the first problem is returned. */
export function verifyCheckpointLines(text: string, publicKey: KeyObject): { ok: true; checkpoints: Checkpoint[] } | { ok: false; line: number; reason: { 'zh-CN': string; en: string } } {
  const checkpoints: Checkpoint[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { ok: false, line: i + 1, reason: { 'zh-CN': '检查点不是有效的 JSON', en: 'a checkpoint is not valid JSON' } };
    }
    const checked = verifyCheckpoint(value, publicKey);
    if (!checked.ok) return { ok: false, line: i + 1, reason: checked.reason };
    checkpoints.push(checked.checkpoint);
  }
  if (checkpoints.length === 0) return { ok: false, line: 1, reason: { 'zh-CN': '检查点文件中没有检查点', en: 'the checkpoints file holds no checkpoint' } };
  return { ok: true, checkpoints };
}
