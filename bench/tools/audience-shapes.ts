/**
 * countAudience on every expression shape of bench/audience.bench.ts over N (default 10,000,000) rows of
 * random bitsets, each as the best of 40 runs after 10 warm-ups (robust on a loaded machine), as a
 * multiple of one pass summing the four bitsets: `npx tsx bench/tools/audience-shapes.ts`.
 */
import { applyTagCatalogue, countAudience } from '../../src/index.js';
import type { TagIndex } from '../../src/index.js';
import { popcount32 } from '../../src/internal/bitset.js';
const n = Number(process.env.N ?? 10_000_000);
const W = (n + 31) >>> 5;
const small = applyTagCatalogue({ tags: [0, 1, 2, 3].map((k) => ({ id: `t${k}`, label: `t${k}`, level: 1, rule: { field: 'x', op: '<', value: 1 } })) }, [{ id: 'a', x: 0 }]);
let s = 1;
const rnd = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0; };
const bits = [0, 1, 2, 3].map(() => { const b = new Uint32Array(W); for (let i = 0; i < W; i++) b[i] = rnd() & rnd(); return b; });
const index = { ...small, nRows: W * 32, bitsets: bits } as unknown as TagIndex;
const [a, b, c, d] = bits as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
function best(fn: () => unknown, reps = 40): number { for (let r = 0; r < 10; r++) fn(); let m = Infinity; for (let r = 0; r < reps; r++) { const t = performance.now(); fn(); m = Math.min(m, performance.now() - t); } return m; }
let sink = 0;
const floor = best(() => { let t = 0; for (let w = 0; w < W; w++) t += a[w]! + b[w]! + c[w]! + d[w]!; sink += t; });
const fused = best(() => { let t = 0; for (let w = 0; w < W; w++) t += popcount32(a[w]! & (b[w]! | c[w]!) & ~d[w]!); sink += t; });
console.log(`n ${n}: floor ${floor.toFixed(3)} ms, hand-fused ${(fused / floor).toFixed(2)}×`);
for (const e of ['t0 AND (t1 OR t2) AND NOT t3', 'NOT (t0 AND t1) AND (t2 OR t3)', '(t0 AND t1) OR (t2 AND NOT t3)', 't0 OR t1 OR t2 OR NOT t3']) {
  const t = best(() => countAudience(index, e));
  console.log(`  ${e}: ${(t / floor).toFixed(2)}× floor (${t.toFixed(3)} ms)`);
}
void sink;
import { popcountRange, popcountPair } from '../../src/internal/bitset.js';
{
  const o = new Uint32Array(1024);
  const ka = 0, kb = -1, j2 = -1, kc = 0, j3 = 0, kd = -1, m = 0;
  const t1 = best(() => { let t = 0; for (let w0 = 0; w0 < W; w0 += 1024) { const len = Math.min(1024, W - w0); for (let i = 0, w = w0; i < len; i++, w++) o[i] = ((((((a[w]! ^ ka) & (b[w]! ^ kb)) ^ j2) & (c[w]! ^ kc)) ^ j3) & (d[w]! ^ kd)) ^ m; t += popcountRange(o, 0, len); } sink += t; });
  const t2 = best(() => { const t = 0; for (let w0 = 0; w0 < W; w0 += 1024) { const len = Math.min(1024, W - w0); for (let i = 0, w = w0; i < len; i++, w++) o[i] = ((((((a[w]! ^ ka) & (b[w]! ^ kb)) ^ j2) & (c[w]! ^ kc)) ^ j3) & (d[w]! ^ kd)) ^ m; } sink += t; });
  const t3 = best(() => { let t = 0; for (let w0 = 0; w0 < W; w0 += 1024) { const len = Math.min(1024, W - w0); t += popcountRange(a, w0, w0 + len); } sink += t; });
  const t4 = best(() => { let t = 0; for (let w = 0; w + 1 < W; w += 2) { t += popcountPair(((((((a[w]! ^ ka) & (b[w]! ^ kb)) ^ j2) & (c[w]! ^ kc)) ^ j3) & (d[w]! ^ kd)) ^ m, ((((((a[w+1]! ^ ka) & (b[w+1]! ^ kb)) ^ j2) & (c[w+1]! ^ kc)) ^ j3) & (d[w+1]! ^ kd)) ^ m); } sink += t; });
  console.log(`inline fused+HS ${(t1 / floor).toFixed(2)}×, fused only ${(t2 / floor).toFixed(2)}×, HS over one bitset ${(t3 / floor).toFixed(2)}×, fused+popcountPair inline ${(t4 / floor).toFixed(2)}×`);
}
{
  const tiny = { ...small, nRows: 64, bitsets: bits.map((x) => x.subarray(0, 2)) } as unknown as TagIndex;
  const t = best(() => { for (let r = 0; r < 100; r++) countAudience(tiny, 'NOT (t0 AND t1) AND (t2 OR t3)'); }, 10);
  console.log(`fixed cost per countAudience call: ${(t / 100 * 1000).toFixed(1)} µs`);
}
