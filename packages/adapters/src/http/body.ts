import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { AnquanHttpError, MESSAGES } from './errors.js';

const tooLarge = (maxBytes: number) => new AnquanHttpError('PAYLOAD_TOO_LARGE', MESSAGES.tooLarge(maxBytes));
const readTimeout = () => new AnquanHttpError('TIMEOUT', { 'zh-CN': '读取请求体时超时', en: 'timed out while reading the body' });

/** True when a declared Content-Length is over the limit (the body is then refused unread). */
function declaredTooLarge(declared: string | null | undefined, maxBytes: number): boolean {
  return typeof declared === 'string' && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes;
}

/** Strict UTF-8 (as a fatal TextDecoder: invalid bytes are refused, one leading BOM is dropped). */
function utf8Text(bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new AnquanHttpError('MALFORMED_JSON', MESSAGES.badUtf8);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', bom);
}

/** Reads a request body as UTF-8 text, refusing more than `maxBytes` by Content-Length and while streaming. */
export async function readBodyText(request: Request, maxBytes: number, signal?: AbortSignal): Promise<string> {
  if (declaredTooLarge(request.headers.get('content-length'), maxBytes)) throw tooLarge(maxBytes);
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
  // A cancelled read (the request timed out) ends early: never hand on a truncated body.
  if (signal?.aborted) throw readTimeout();
  return utf8Text(Buffer.concat(chunks, total));
}

/**
 * readBodyText for a Node request read directly (startServer's path: no web stream, one copy of the
 * bytes). Over the limit it stops reading without destroying the request, so the 413 answer still goes out.
 */
export function readNodeBodyText(req: IncomingMessage, maxBytes: number, signal?: AbortSignal): Promise<string> {
  if (declaredTooLarge(req.headers['content-length'], maxBytes)) return Promise.reject(tooLarge(maxBytes));
  if (signal?.aborted) return Promise.reject(readTimeout());
  if (req.readableEnded) return Promise.resolve(''); // read by someone else: nothing left (an empty body is refused)
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const detach = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    const stop = (error: AnquanHttpError): void => {
      detach();
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      total += bytes.length;
      if (total > maxBytes) stop(tooLarge(maxBytes));
      else chunks.push(bytes);
    };
    const onEnd = (): void => {
      detach();
      try {
        resolve(utf8Text(Buffer.concat(chunks, total)));
      } catch (error) {
        reject(error);
      }
    };
    const onError = (error: unknown): void => {
      detach();
      reject(error);
    };
    const onAbort = (): void => stop(readTimeout());
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.resume(); // a host may have paused it
  });
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** JSON.parse with a 400 MALFORMED_JSON error that names the line and column, never the input or a stack. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new AnquanHttpError('MALFORMED_JSON', MESSAGES.emptyBody);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : '';
    const lc = /line (\d+) column (\d+)/.exec(detail);
    const pos = /position (\d+)/.exec(detail);
    const at = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : pos ? lineColumn(text, Number(pos[1])) : text.trim().length > 0 ? lineColumn(text, text.length) : null;
    throw new AnquanHttpError('MALFORMED_JSON', MESSAGES.malformedJson(at?.line ?? null, at?.column ?? null));
  }
}
