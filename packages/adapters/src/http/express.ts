import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express';
import { createFetchHandler, type FetchHandlerOptions } from './handler.js';
import { toFetchRequest, underPrefix, writeFetchResponse } from './node.js';

export interface AnquanMiddlewareOptions extends FetchHandlerOptions {
  /**
   * Serve only paths under this prefix (and strip it); other requests go to `next()`. Not needed when
   * the middleware is mounted with `app.use('/anquan', …)`: Express strips the mount path itself.
   */
  prefix?: string | undefined;
}

/** True when a body parser of the host has already read the request stream. */
export function bodyConsumed(req: { readableEnded?: boolean; complete?: boolean; _body?: unknown }): boolean {
  return req.readableEnded === true || req._body === true;
}

/**
 * The service as Express (4 or 5) middleware: `app.use('/anquan', anquanExpress({ engine, token }))`.
 * A body already parsed by `express.json()` is passed on as JSON.
 */
export function anquanExpress(options: AnquanMiddlewareOptions): RequestHandler {
  const handler = createFetchHandler(options);
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (!underPrefix(req.url, options.prefix)) {
      next();
      return;
    }
    const body: unknown = (req as { body?: unknown }).body;
    const consumed = bodyConsumed(req as unknown as { readableEnded?: boolean; _body?: unknown });
    const request = toFetchRequest(req, { prefix: options.prefix, path: req.url, ...(consumed ? { parsedBody: body ?? '' } : {}) });
    handler(request, { clientIp: req.ip ?? req.socket.remoteAddress })
      .then((response) => writeFetchResponse(res, response))
      .catch(next);
  };
}
