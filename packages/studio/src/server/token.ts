/**
 * Access control for the local studio: a random token, printed in the URL, is required on every
 * request — as the `token` query parameter (the first page load, which then sets a same-site,
 * HTTP-only cookie so the page's own scripts and styles load), the cookie, or the `x-studio-token`
 * header (the page's API calls). The Host header must name the address the studio listens on,
 * so a web page elsewhere cannot reach it by rebinding a domain name to 127.0.0.1.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const COOKIE = 'anquan_studio';

export const newToken = (): string => randomBytes(24).toString('base64url');

export function sameToken(given: unknown, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

export function cookieToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE && v !== undefined) return v;
  }
  return undefined;
}

/**
 * The tokens a request presents (header, query, cookie). A browser may still hold the cookie of an
 * earlier studio on another port of the same host, so any one of them may be the right one.
 */
export function requestTokens(headers: Record<string, unknown>, query: unknown): string[] {
  const out: string[] = [];
  const h = headers['x-studio-token'];
  if (typeof h === 'string') out.push(h);
  const q = (query as { token?: unknown } | null)?.token;
  if (typeof q === 'string') out.push(q);
  const c = cookieToken(headers.cookie);
  if (c !== undefined) out.push(c);
  return out;
}
