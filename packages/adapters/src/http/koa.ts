import type { Middleware } from 'koa';
import { bodyConsumed, type AnquanMiddlewareOptions } from './express.js';
import { createFetchHandler } from './handler.js';
import { toFetchRequest, underPrefix } from './node.js';

/**
 * The service as Koa middleware: `app.use(anquanKoa({ engine, token, prefix: '/anquan' }))`.
 * Requests outside `prefix` go to `next()`. A body already parsed (koa-bodyparser) is passed on as JSON.
 */
export function anquanKoa(options: AnquanMiddlewareOptions): Middleware {
  const handler = createFetchHandler(options);
  return async (ctx, next) => {
    if (!underPrefix(ctx.url, options.prefix)) {
      await next();
      return;
    }
    const parsed: unknown = (ctx.request as { body?: unknown }).body;
    const consumed = bodyConsumed(ctx.req as unknown as { readableEnded?: boolean; _body?: unknown });
    const request = toFetchRequest(ctx.req, { prefix: options.prefix, ...(consumed ? { parsedBody: parsed ?? '' } : {}) });
    const response = await handler(request, { clientIp: ctx.ip || ctx.req.socket.remoteAddress });
    ctx.status = response.status;
    response.headers.forEach((value, name) => {
      if (name !== 'content-length') ctx.set(name, value);
    });
    if (response.body !== null) ctx.body = Buffer.from(await response.arrayBuffer());
  };
}
