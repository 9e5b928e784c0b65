import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { callGraphFeatures } from 'telcokit';
import { createRng } from '../../src/internal/rng.js';
import { permutation } from '../../src/internal/sample.js';

/**
 * The plain algorithm as documented on callGraphFeatures, written without any of its shortcuts:
 * per-edge accumulation of the degree sums, neighbour lists out-part then in-part in edge order,
 * and label propagation that visits every node in every sweep (blocks of 64 in a seeded order).
 */
function reference(caller: Int32Array, callee: Int32Array, minutes: Float64Array, calls: Float64Array, n: number, useCalls: boolean, seed: number, sweeps: number) {
  const outMin = new Float64Array(n);
  const inMin = new Float64Array(n);
  const outCalls = new Float64Array(n);
  const inCalls = new Float64Array(n);
  const outs: number[][] = Array.from({ length: n }, () => []);
  const ins: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < caller.length; e++) {
    const u = caller[e]!;
    const v = callee[e]!;
    if (u === v) continue;
    outMin[u]! += minutes[e]!;
    inMin[v]! += minutes[e]!;
    outCalls[u]! += calls[e]!;
    inCalls[v]! += calls[e]!;
    outs[u]!.push(e);
    ins[v]!.push(e);
  }
  const weight = useCalls ? calls : minutes;
  const nbrs = (u: number): [number, number][] => [...outs[u]!.map((e): [number, number] => [callee[e]!, weight[e]!]), ...ins[u]!.map((e): [number, number] => [caller[e]!, weight[e]!])];
  const rng = createRng(seed);
  const labels = Array.from({ length: n }, (_, i) => i);
  let iterations = 0;
  let converged = false;
  const nBlocks = Math.ceil(n / 64);
  while (!converged && iterations < sweeps) {
    const order = permutation(nBlocks, rng);
    let changed = 0;
    for (let bi = 0; bi < nBlocks; bi++) {
      for (let u = order[bi]! * 64; u < Math.min(n, order[bi]! * 64 + 64); u++) {
        const acc = new Map<number, number>();
        for (const [v, x] of nbrs(u)) acc.set(labels[v]!, (acc.get(labels[v]!) ?? 0) + x + 1e-300);
        if (acc.size === 0) continue;
        let best = -1;
        let bestW = -1;
        let ties = 0;
        for (const [l, aw] of acc) {
          if (aw > bestW) {
            bestW = aw;
            best = l;
            ties = 1;
          } else if (aw === bestW) {
            ties++;
            if (rng.int(ties) === 0) best = l;
          }
        }
        if (acc.get(labels[u]!) === bestW) best = labels[u]!;
        if (best !== labels[u]) {
          labels[u] = best;
          changed++;
        }
      }
    }
    iterations++;
    converged = changed === 0;
  }
  const remap = new Map<number, number>();
  const community = labels.map((l) => {
    if (!remap.has(l)) remap.set(l, remap.size);
    return remap.get(l)!;
  });
  return { outMin, inMin, outCalls, inCalls, community, iterations, converged };
}

const graph = fc
  .record({
    n: fc.integer({ min: 2, max: 150 }),
    m: fc.integer({ min: 1, max: 600 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    // whole-number weights make ties (and so tie-break draws) common
    integerWeights: fc.boolean(),
    useCalls: fc.boolean(),
  })
  .map(({ n, m, seed, integerWeights, useCalls }) => {
    const rng = createRng(seed + 7);
    const caller = new Int32Array(m);
    const callee = new Int32Array(m);
    const minutes = new Float64Array(m);
    const calls = new Float64Array(m);
    for (let e = 0; e < m; e++) {
      caller[e] = rng.int(n);
      // mostly within blocks of 10, so communities form and settle at different sweeps
      callee[e] = rng.next() < 0.8 ? Math.min(n - 1, caller[e]! - (caller[e]! % 10) + rng.int(10)) : rng.int(n);
      calls[e] = 1 + rng.int(3);
      minutes[e] = integerWeights ? calls[e]! : calls[e]! * (0.5 + 4 * rng.next());
    }
    caller[0] = n - 1; // every id in 0..n−1 gets a row
    return { n, caller, callee, minutes, calls, seed, useCalls };
  });

describe('callGraphFeatures (properties)', () => {
  test('callGraphFeatures(columns) gives, bit for bit, the sums and communities of the plain per-edge, visit-every-node algorithm', () => {
    fc.assert(
      fc.property(graph, ({ n, caller, callee, minutes, calls, seed, useCalls }) => {
        const g = callGraphFeatures({ caller, callee, minutes, calls }, { seed, weight: useCalls ? 'calls' : 'minutes', communityIterations: 30 });
        const ref = reference(caller, callee, minutes, calls, n, useCalls, seed, 30);
        const col = (name: string): number[] => Array.from({ length: g.nRows }, (_, i) => g.values[i * g.nCols + g.columns.indexOf(name)]!);
        expect(g.nRows).toBe(n);
        expect(col('outMinutes')).toEqual(Array.from(ref.outMin));
        expect(col('inMinutes')).toEqual(Array.from(ref.inMin));
        expect(col('outCalls')).toEqual(Array.from(ref.outCalls));
        expect(col('inCalls')).toEqual(Array.from(ref.inCalls));
        expect(col('community')).toEqual(ref.community);
        expect(g.communityIterations).toBe(ref.iterations);
        expect(g.communityConverged).toBe(ref.converged);
      }),
      { numRuns: 150 },
    );
  });
});
