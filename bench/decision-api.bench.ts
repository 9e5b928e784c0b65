/**
 * Load test of the decision API: autocannon (a separate process) against createDecisionHandler
 * served by serveFetchHandler on 127.0.0.1, over a 10,000,000-subscriber tag index with 4 tags,
 * for `/query_users?q=t0 AND (t1 OR t2) AND NOT t3&limit=100`:
 *  - cold: `cache: false`, every request evaluates the expression over the bitsets;
 *  - cached: the in-process LRU (after one warm-up request), the hot-audience path;
 *  - floor: `/healthz` on the same server (HTTP + handler overhead, no audience work).
 * Each case runs for DECISION_BENCH_SECONDS (default 5) with 10 connections: bounded in time;
 * the request count follows. Ratios are against the floor and cold cases of the same run.
 *
 * Run: npx tsx bench/decision-api.bench.ts   (BENCH_SCALE=0.1 for 1,000,000 subscribers)
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { applyTagCatalogue, countAudience, createDecisionHandler, hashApiKey } from '../src/index.js';
import type { DecisionHandler, TagCatalogue } from '../src/index.js';
import { serveFetchHandler } from '../src/node/index.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, medianSeconds, scaled, time } from './util.js';

const n = scaled(10_000_000);
const seconds = Number(process.env.DECISION_BENCH_SECONDS ?? 5);
const connections = 10;
const expr = 't0 AND (t1 OR t2) AND NOT t3';
const density = [0.3, 0.2, 0.25, 0.1];

// the index: 4 numeric columns, tag k holds when column k < density[k] (as bench/audience.bench.ts)
const rng = createRng(1);
const columns: Record<string, Float64Array> = {};
for (let k = 0; k < 4; k++) {
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[i] = rng.next();
  columns[`f${k}`] = c;
}
const ids = new Array<string>(n);
for (let i = 0; i < n; i++) ids[i] = `s${i}`;
const catalogue: TagCatalogue = { tags: density.map((d, k) => ({ id: `t${k}`, label: `t${k}`, level: 1, rule: { field: `f${k}`, op: '<', value: d } })) };
const built = time(() => applyTagCatalogue(catalogue, { ids, columns }));
const index = built.result;
for (const k of Object.keys(columns)) delete columns[k];
const total = countAudience(index, expr);
const countSeconds = medianSeconds(() => countAudience(index, expr), 5);

const key = 'bench-key-0123456789abcdef';
const keySecret = new Uint8Array(32).fill(1);
const keys = [{ id: 'bench', hash: await hashApiKey(key, keySecret), scopes: ['audience:ids' as const], rateLimit: { perSecond: 1e6, burst: 1e6 } }];
const path = `/query_users?q=${encodeURIComponent(expr)}&limit=100`;

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** Runs autocannon as a child process (so the load generator does not share the server's event loop). */
function load(url: string): Promise<Load> {
  const bin = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '-c', String(connections), '-d', String(seconds), '-j', '-n', '-H', `authorization=Bearer ${key}`, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        const j = JSON.parse(out) as { requests: { total: number; average: number }; latency: { p50: number; p99: number }; non2xx: number };
        resolve({ requests: j.requests.total, rps: j.requests.average, p50: j.latency.p50, p99: j.latency.p99, non2xx: j.non2xx });
      } catch (e) {
        reject(e);
      }
    });
  });
}

async function serve(handler: DecisionHandler, route: string): Promise<Load & { cache: string | null }> {
  const served = await serveFetchHandler(handler);
  try {
    const probe = await fetch(served.url + route, { headers: { authorization: `Bearer ${key}` } });
    if (probe.status !== 200) throw new Error(`probe answered ${probe.status}: ${await probe.text()}`);
    const result = await load(served.url + route);
    // how the requests under load were answered: the state a request after the run sees
    const after = await fetch(served.url + route, { headers: { authorization: `Bearer ${key}` } });
    return { ...result, cache: after.headers.get('x-telcokit-cache') };
  } finally {
    await served.close();
  }
}

const cold = createDecisionHandler({ keys, keySecret, tags: index, cache: false, maxLimit: 1000 });
const hot = createDecisionHandler({ keys, keySecret, tags: index, maxLimit: 1000 });
const floor = await serve(hot, '/healthz');
const coldRun = await serve(cold, path);
const hotRun = await serve(hot, path);

console.log(`decision API load test: ${fmt(n)} subscribers × 4 tags, '${expr}' (${fmt(total)} match), limit=100; autocannon ${connections} connections × ${seconds} s per case`);
console.log(`index built in ${fmt(built.seconds)} s; countAudience alone ${fmt(countSeconds * 1000)} ms (in process, no HTTP)`);
const rows = [
  ['healthz (HTTP floor)', floor],
  ['query_users cold (no cache)', coldRun],
  ['query_users cached (LRU)', hotRun],
] as const;
for (const [name, r] of rows) {
  console.log(`${name.padEnd(30)} ${fmt(r.rps).padStart(8)} req/s  p50 ${fmt(r.p50)} ms  p99 ${fmt(r.p99)} ms  (${r.requests} requests, ${r.non2xx} non-2xx${'cache' in r && r.cache ? `, X-Telcokit-Cache ${r.cache}` : ''})`);
}
console.log(`cached / cold throughput: ${fmt(hotRun.rps / coldRun.rps)}×; cached / floor: ${fmt(hotRun.rps / floor.rps)}×; cold p50 / cached p50: ${fmt(coldRun.p50 / Math.max(hotRun.p50, 0.001))}×`);
