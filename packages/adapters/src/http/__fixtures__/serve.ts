import { createServer, request as httpRequest, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on 127.0.0.1 with a free port. */
export async function listen(listener: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/**
 * POSTs a body in chunks without Content-Length (Transfer-Encoding: chunked), so only counting the
 * bytes while reading can catch an oversized body. Resolves with the status and body text.
 */
export function postChunked(url: string, chunks: readonly string[], headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      responded = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    // Once the server has answered (e.g. 413 and close), a failed upload of the rest is expected.
    req.on('error', (e) => {
      if (!responded) reject(e);
    });
    let i = 0;
    const next = () => {
      if (responded) return;
      if (i >= chunks.length) {
        req.end();
        return;
      }
      const ok = req.write(chunks[i++]);
      if (ok) setImmediate(next);
      else req.once('drain', next);
    };
    next();
  });
}
