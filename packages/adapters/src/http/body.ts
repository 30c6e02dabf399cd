import { AnquanHttpError, MESSAGES } from './errors.js';

/** Reads a request body as UTF-8 text, refusing more than `maxBytes` by Content-Length and while streaming. */
export async function readBodyText(request: Request, maxBytes: number, signal?: AbortSignal): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    throw new AnquanHttpError('PAYLOAD_TOO_LARGE', MESSAGES.tooLarge(maxBytes));
  }
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
        throw new AnquanHttpError('PAYLOAD_TOO_LARGE', MESSAGES.tooLarge(maxBytes));
      }
      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
  // A cancelled read (the request timed out) ends early: never hand on a truncated body.
  if (signal?.aborted) throw new AnquanHttpError('TIMEOUT', { 'zh-CN': '读取请求体时超时', en: 'timed out while reading the body' });
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AnquanHttpError('MALFORMED_JSON', MESSAGES.badUtf8);
  }
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
