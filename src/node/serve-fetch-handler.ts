/**
 * `serveFetchHandler`: mounts a fetch handler (`(request) => Promise<Response>`, such as
 * {@link createDecisionHandler}'s) on Node's own `node:http` server, with no framework.
 *
 * @module
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { OptionsError } from '../errors.js';

/** Options of {@link serveFetchHandler}. @category Node */
export interface ServeFetchHandlerOptions {
  /** Port (default 0: any free port; the chosen one is in the result's `url`). */
  port?: number;
  /** Address to listen on (default `'127.0.0.1'`: only this machine). */
  host?: string;
  /** Largest request body passed on, bytes (default 1 MiB); larger bodies get a 413 before the handler runs. */
  maxBodyBytes?: number;
  /** Stop accepting and close when this signal aborts. */
  signal?: AbortSignal;
}

/** A running server. @category Node */
export interface ServedHandler {
  /** `http://host:port` it listens on. */
  readonly url: string;
  /** The underlying `node:http` server. */
  readonly server: Server;
  /** Stops accepting connections, closes idle ones and resolves when the server is closed. */
  close(): Promise<void>;
}

/**
 * Serves a fetch handler over HTTP/1.1 with `node:http`: each request becomes a Web `Request`
 * (URL built from the listening address and the request path, never from the `Host` header;
 * headers copied; the body streamed for methods that have one, refused with 413 past
 * `maxBodyBytes`), and the handler's `Response` is written back with its status, headers and body.
 * A handler that throws gives a bare 500. Deno (`Deno.serve(handler)`), Bun
 * (`Bun.serve({ fetch: handler })`) and edge runtimes mount the same handler directly.
 *
 * @param handler - `(request: Request) => Promise<Response>`
 * @param options - `port` (default any free port), `host` (default `'127.0.0.1'`), `maxBodyBytes`, `signal`
 * @returns a promise of the running server
 * @throws OptionsError for a handler that is not a function or a bad port
 * @example
 * // const served = await serveFetchHandler(createDecisionHandler({ keys, keySecret, tags }), { port: 8080 });
 * // console.log(served.url); … await served.close();
 * @category Node
 */
export async function serveFetchHandler(handler: (request: Request) => Promise<Response> | Response, options: ServeFetchHandlerOptions = {}): Promise<ServedHandler> {
  const fn = 'serveFetchHandler';
  if (typeof handler !== 'function') throw new OptionsError(`${fn}: handler must be a function (request) => Promise<Response>`, 'handler');
  if (options === null || typeof options !== 'object') throw new OptionsError(`${fn}: options must be an object`, '(options)');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new OptionsError(`${fn}: option port must be an integer in [0, 65535], got ${String(port)}`, 'port');
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.length === 0) throw new OptionsError(`${fn}: option host must be a non-empty string`, 'host');
  const maxBody = options.maxBodyBytes ?? 2 ** 20;
  if (!Number.isInteger(maxBody) || maxBody < 0) throw new OptionsError(`${fn}: option maxBodyBytes must be a non-negative integer`, 'maxBodyBytes');
  let base = '';
  const server = createServer((req, res) => {
    void respond(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"internal","message":"internal error"}');
    });
  });
  const respond = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      try {
        headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
      } catch {
        // a header Node accepted but the Fetch API refuses: drop it
      }
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end('{"error":"payload_too_large","message":"the body is too large"}');
      req.resume();
      return;
    }
    const hasBody = method !== 'GET' && method !== 'HEAD';
    let body: ReadableStream<Uint8Array> | null = null;
    let tooLarge = false;
    if (hasBody) {
      let seen = 0;
      const limited = Readable.from(
        (async function* () {
          for await (const chunk of req as AsyncIterable<Uint8Array>) {
            seen += chunk.byteLength;
            if (seen > maxBody) {
              tooLarge = true;
              throw new Error('body too large');
            }
            yield chunk;
          }
        })(),
      );
      body = Readable.toWeb(limited) as ReadableStream<Uint8Array>;
    }
    const request = new Request(base + (req.url ?? '/'), { method, headers, body, duplex: 'half' } as RequestInit);
    let response: Response;
    try {
      response = await handler(request);
    } catch {
      response = new Response('{"error":"internal","message":"internal error"}', { status: 500, headers: { 'content-type': 'application/json' } });
    }
    // a streamed body that passed the limit: whatever the handler made of the broken stream, say why
    if (tooLarge) response = new Response('{"error":"payload_too_large","message":"the body is too large"}', { status: 413, headers: { 'content-type': 'application/json', connection: 'close' } });
    const out: Record<string, string | string[]> = {};
    response.headers.forEach((v, k) => {
      if (k === 'set-cookie') return;
      out[k] = v;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out['set-cookie'] = cookies;
    const bytes = method === 'HEAD' || response.body === null ? undefined : new Uint8Array(await response.arrayBuffer());
    if (bytes !== undefined) out['content-length'] = String(bytes.byteLength);
    res.writeHead(response.status, out);
    res.end(bytes);
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  base = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  options.signal?.addEventListener('abort', () => void close(), { once: true });
  return { url: base, server, close };
}
