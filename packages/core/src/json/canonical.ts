import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Canonical JSON (RFC 8785, JCS): sorted keys, no whitespace, normalised numbers. Two documents that
 * mean the same thing serialise to the same bytes, which is what makes content hashes stable.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be serialised as JSON');
  return text;
}

/** sha256 of a UTF-8 string, lower-case hex. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** sha256 of the canonical JSON of a value: the content hash of rule sets and decision records. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
