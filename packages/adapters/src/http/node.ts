import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { readNodeBodyText } from './body.js';
import { AnquanHttpError, errorBody, MESSAGES } from './errors.js';
import type { FetchHandler, ServiceRequest } from './handler.js';

/** A Node request listener, as `http.createServer` takes it. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface ToFetchRequestOptions {
  /** A path prefix the host mounted the service under; stripped from the URL the handler sees. */
  prefix?: string | undefined;
  /**
   * A body the host framework has already parsed (express.json(), koa-bodyparser): it is sent on
   * as JSON because the stream has been read.
   */
  parsedBody?: unknown;
  /** The request path to use instead of `req.url` (Express gives a mount-relative `req.url`). */
  path?: string | undefined;
}

/**
 * The body stream of a Node request as a web stream. Unlike `Readable.toWeb`, cancelling it (a body
 * over the limit) only stops reading: destroying the request would destroy the socket and lose the
 * 413 answer.
 */
export function nodeBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  const stop = () => {
    done = true;
    req.pause();
    req.removeListener('data', onData);
  };
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const onData = (chunk: Buffer | string) => {
    if (done) return;
    ctrl.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((ctrl.desiredSize ?? 0) <= 0) req.pause();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        ctrl = controller;
        req.on('data', onData);
        req.once('end', () => {
          if (!done) {
            done = true;
            controller.close();
          }
        });
        req.once('error', (error) => {
          if (!done) {
            done = true;
            controller.error(error);
          }
        });
        req.pause();
      },
      pull() {
        if (!done) req.resume();
      },
      cancel() {
        stop();
      },
    },
    { highWaterMark: 16 },
  );
}

function stripPrefix(path: string, prefix: string | undefined): string {
  if (!prefix || prefix === '/') return path;
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (path === p) return '/';
  if (path.startsWith(p + '/') || path.startsWith(p + '?')) return path.slice(p.length).replace(/^\?/, '/?');
  return path;
}

/** True when a Node request path falls under a prefix (for middlewares that pass other paths on). */
export function underPrefix(path: string, prefix: string | undefined): boolean {
  if (!prefix || prefix === '/') return true;
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === p || path.startsWith(p + '/') || path.startsWith(p + '?');
}

/** The absolute URL of a Node request (a Host header that is not a plain host name counts as localhost). */
function requestUrl(req: IncomingMessage, options: Pick<ToFetchRequestOptions, 'prefix' | 'path'>): string {
  const encrypted = (req.socket as Partial<TLSSocket> | undefined)?.encrypted === true;
  const host = typeof req.headers.host === 'string' && /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host) ? req.headers.host : 'localhost';
  let path = options.path ?? req.url ?? '/';
  if (!path.startsWith('/')) path = '/' + path;
  path = stripPrefix(path, options.prefix);
  return `${encrypted ? 'https' : 'http'}://${host}${path}`;
}

/**
 * A Node request as the service reads it, without fetch objects: headers read where they lie, the
 * body read from the request itself (startServer's path; the same answers as toFetchRequest's).
 */
export function toServiceRequest(req: IncomingMessage, options: Pick<ToFetchRequestOptions, 'prefix' | 'path'> = {}): ServiceRequest {
  const method = (req.method ?? 'GET').toUpperCase();
  return {
    method,
    url: requestUrl(req, options),
    header: (name) => {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    text: (maxBytes, signal) => (method === 'GET' || method === 'HEAD' ? Promise.resolve('') : readNodeBodyText(req, maxBytes, signal)),
  };
}

/** Translates a Node request into a fetch Request (no body is read here). */
export function toFetchRequest(req: IncomingMessage, options: ToFetchRequestOptions = {}): Request {
  const url = requestUrl(req, options);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    if (options.parsedBody !== undefined) {
      const b = options.parsedBody;
      init.body = typeof b === 'string' ? b : b instanceof Uint8Array ? new Uint8Array(b) : JSON.stringify(b);
      headers.delete('content-length');
      headers.delete('transfer-encoding');
    } else {
      init.body = nodeBodyStream(req);
      init.duplex = 'half';
    }
  }
  return new Request(url, init);
}

/** Writes a fetch Response to a Node response. */
export async function writeFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  const body = response.body === null ? null : Buffer.from(await response.arrayBuffer());
  if (body !== null) res.setHeader('content-length', body.byteLength);
  res.end(body ?? undefined);
}

const fallback = Buffer.from(JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: { 'zh-CN': '服务内部错误', en: 'internal server error' } } }));

/** The fetch handler as a `node:http` request listener; with `prefix`, other paths get 404. */
export function toNodeListener(handler: FetchHandler, options: { prefix?: string | undefined } = {}): NodeListener {
  return (req, res) => {
    void (async () => {
      try {
        if (!underPrefix(req.url ?? '/', options.prefix)) {
          // Outside the mount: not a request for the service (no audit entry).
          const path = (req.url ?? '/').split('?')[0] ?? '/';
          await writeFetchResponse(res, new Response(JSON.stringify(errorBody(new AnquanHttpError('NOT_FOUND', MESSAGES.notFound(path)))), { status: 404, headers: { 'content-type': 'application/json; charset=utf-8' } }));
          return;
        }
        const response = await handler(toFetchRequest(req, { prefix: options.prefix }), { clientIp: req.socket.remoteAddress });
        await writeFetchResponse(res, response);
      } catch {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': fallback.byteLength });
          res.end(fallback);
        } else res.destroy();
      }
    })();
  };
}
