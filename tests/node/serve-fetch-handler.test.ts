import { afterEach, describe, expect, test } from 'vitest';
import { request as httpRequest } from 'node:http';
import { serveFetchHandler } from 'telcokit/node';
import type { ServedHandler } from 'telcokit/node';
import { OptionsError } from 'telcokit';

let served: ServedHandler | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

/** A raw request with full control of the Host header and the body. */
function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

describe('serveFetchHandler', () => {
  test('passes method, path, query, headers and body to the handler and writes its Response back', async () => {
    served = await serveFetchHandler(async (req) => {
      const body = req.method === 'POST' ? await req.text() : '';
      return new Response(JSON.stringify({ method: req.method, url: req.url, x: req.headers.get('x-thing'), body }), { status: 201, headers: { 'content-type': 'application/json', 'x-out': 'yes' } });
    });
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await fetch(`${served.url}/a/b?c=1`, { method: 'POST', headers: { 'x-thing': 'v' }, body: 'hello' });
    expect(r.status).toBe(201);
    expect(r.headers.get('x-out')).toBe('yes');
    expect(await r.json()).toEqual({ method: 'POST', url: `${served.url}/a/b?c=1`, x: 'v', body: 'hello' });
  });

  test('the request URL comes from the listening address, never from the Host header', async () => {
    served = await serveFetchHandler((req) => new Response(req.url));
    const r = await raw(`${served.url}/p`, { headers: { host: 'evil.example:1' } });
    expect(r.body).toBe(`${served.url}/p`);
  });

  test('a body past maxBodyBytes is refused with 413 (declared or streamed)', async () => {
    served = await serveFetchHandler(async (req) => new Response(String((await req.arrayBuffer()).byteLength)), { maxBodyBytes: 10 });
    expect((await raw(`${served.url}/`, { method: 'POST', headers: { 'content-length': '11' }, body: 'x'.repeat(11) })).status).toBe(413);
    const chunked = await raw(`${served.url}/`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' }, body: 'x'.repeat(50) });
    expect(chunked.status).toBe(413);
    expect(chunked.body).not.toContain('xx');
    expect((await raw(`${served.url}/`, { method: 'POST', body: 'x'.repeat(10) })).body).toBe('10');
  });

  test('a handler that throws gives a bare 500', async () => {
    served = await serveFetchHandler(() => {
      throw new Error('secret detail');
    });
    const r = await raw(`${served.url}/`, {});
    expect(r.status).toBe(500);
    expect(r.body).not.toContain('secret');
  });

  test('bad arguments are OptionsErrors', async () => {
    await expect(serveFetchHandler(null as never)).rejects.toThrow(OptionsError);
    await expect(serveFetchHandler(() => new Response(''), { port: 70_000 })).rejects.toThrow(/port/);
  });
});
