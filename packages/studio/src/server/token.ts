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

/** The token a request carries, by header, cookie or query (in that order). */
export function requestToken(headers: Record<string, unknown>, query: unknown): string | undefined {
  const h = headers['x-studio-token'];
  if (typeof h === 'string') return h;
  const c = cookieToken(headers.cookie);
  if (c !== undefined) return c;
  const q = (query as { token?: unknown } | null)?.token;
  return typeof q === 'string' ? q : undefined;
}
