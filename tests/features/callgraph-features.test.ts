import { describe, expect, test } from 'vitest';
import { AbortError, DataError, callGraphFeatures } from 'telcokit';
import type { CallEdge, FeatureMatrix } from 'telcokit';

const e = (callerId: string, calleeId: string, minutes: number, calls = 1, month = '2024-01'): CallEdge => ({ callerId, calleeId, month, calls, minutes });

function cell(m: FeatureMatrix, id: string, column: string): number {
  return m.values[m.rowIds.indexOf(id) * m.nCols + m.columns.indexOf(column)]!;
}

describe('callGraphFeatures', () => {
  test('callGraphFeatures(edges) gives weighted degrees and distinct contacts (multi-month edges summed, self-calls ignored)', () => {
    const g = callGraphFeatures([e('a', 'b', 10, 2), e('a', 'b', 5, 1, '2024-02'), e('b', 'a', 3, 1), e('a', 'c', 1, 1), e('a', 'a', 99, 9)]);
    expect(g.rowIds).toEqual(['a', 'b', 'c']);
    expect(g.columns).toEqual(['outMinutes', 'inMinutes', 'outCalls', 'inCalls', 'distinctContacts', 'pageRank', 'community', 'communitySize']);
    expect(cell(g, 'a', 'outMinutes')).toBe(16);
    expect(cell(g, 'a', 'inMinutes')).toBe(3);
    expect(cell(g, 'a', 'outCalls')).toBe(4);
    expect(cell(g, 'b', 'inCalls')).toBe(3);
    expect(cell(g, 'a', 'distinctContacts')).toBe(2);
    expect(cell(g, 'b', 'distinctContacts')).toBe(1);
    expect(cell(g, 'c', 'distinctContacts')).toBe(1);
  });

  test('weighted PageRank matches a reference power iteration (scaled so the mean is 1)', () => {
    // reference: numpy power iteration to L1 change < 1e-16, dangling mass spread evenly:
    //   W[u,v] += w; x = r / outW (0 if dangling); r' = (1 − d)/n + d (Wᵀx + Σ r_dangling / n); print(r * n)
    const g = callGraphFeatures([e('a', 'b', 3), e('a', 'c', 1), e('b', 'a', 1), e('c', 'a', 1), e('c', 'd', 2)], { tol: 1e-14, iterations: 500 });
    expect(g.pageRankConverged).toBe(true);
    const ref = { a: 1.5176328484516133, b: 1.2505650366440157, c: 0.6055710760520798, d: 0.62623103885229 };
    for (const [id, v] of Object.entries(ref)) expect(cell(g, id, 'pageRank')).toBeCloseTo(v, 10);
    let sum = 0;
    for (const id of g.rowIds) sum += cell(g, id, 'pageRank');
    expect(sum).toBeCloseTo(4, 10);
  });

  test('PageRank of a star into a dangling node (hand-computed: a = c = 3/4.7, b = 8.1/4.7)', () => {
    const g = callGraphFeatures([e('a', 'b', 1), e('c', 'b', 1)], { tol: 1e-14, iterations: 500 });
    expect(cell(g, 'a', 'pageRank')).toBeCloseTo(3 / 4.7, 10);
    expect(cell(g, 'c', 'pageRank')).toBeCloseTo(3 / 4.7, 10);
    expect(cell(g, 'b', 'pageRank')).toBeCloseTo(8.1 / 4.7, 10);
  });

  test('churnedContactShare: share of distinct contacts who churned, in every input form', () => {
    const edges = [e('a', 'b', 1), e('a', 'c', 1), e('d', 'a', 1), e('b', 'c', 1)];
    for (const churned of [['b'], new Set(['b']), { b: true, c: false }]) {
      const g = callGraphFeatures(edges, { churned });
      expect(cell(g, 'a', 'churnedContactShare')).toBeCloseTo(1 / 3, 12);
      expect(cell(g, 'c', 'churnedContactShare')).toBeCloseTo(1 / 2, 12);
      expect(cell(g, 'b', 'churnedContactShare')).toBe(0);
    }
    const iso = callGraphFeatures(edges, { churned: ['b'], nodes: ['z'] });
    expect(iso.rowIds[0]).toBe('z');
    expect(cell(iso, 'z', 'churnedContactShare')).toBeNaN();
    expect(cell(iso, 'z', 'distinctContacts')).toBe(0);
  });

  test('label propagation separates two cliques joined by a weak edge, and is seeded', () => {
    const edges: CallEdge[] = [];
    const left = ['a', 'b', 'c', 'd'];
    const right = ['w', 'x', 'y', 'z'];
    for (const grp of [left, right]) for (const u of grp) for (const v of grp) if (u < v) edges.push(e(u, v, 10));
    edges.push(e('d', 'w', 0.5));
    const g = callGraphFeatures(edges, { seed: 3 });
    expect(g.communityCount).toBe(2);
    const comm = (id: string) => cell(g, id, 'community');
    for (const id of left) expect(comm(id)).toBe(comm('a'));
    for (const id of right) expect(comm(id)).toBe(comm('w'));
    expect(comm('a')).not.toBe(comm('w'));
    expect(cell(g, 'a', 'communitySize')).toBe(4);
    expect(g.communityConverged).toBe(true);
    const again = callGraphFeatures(edges, { seed: 3 });
    expect(Array.from(again.values)).toEqual(Array.from(g.values));
  });

  test('columnar Int32Array input gives the same numbers as records', () => {
    const recs = [e('0', '1', 3, 2), e('0', '2', 1), e('1', '0', 1), e('2', '0', 1), e('2', '3', 2)];
    const cols = {
      caller: Int32Array.from([0, 0, 1, 2, 2]),
      callee: Int32Array.from([1, 2, 0, 0, 3]),
      minutes: Float64Array.from([3, 1, 1, 1, 2]),
      calls: Float64Array.from([2, 1, 1, 1, 1]),
    };
    const a = callGraphFeatures(recs, { churned: ['3'] });
    const b = callGraphFeatures(cols, { churned: ['3'] });
    expect(b.rowIds).toEqual(['0', '1', '2', '3']);
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    const named = callGraphFeatures({ ...cols, ids: ['p', 'q', 'r', 's', 't'] }, { churned: ['s'] });
    expect(named.rowIds).toEqual(['p', 'q', 'r', 's', 't']);
    expect(cell(named, 'r', 'churnedContactShare')).toBeCloseTo(0.5, 12);
    const strings = callGraphFeatures({ caller: ['0', '0', '1', '2', '2'], callee: ['1', '2', '0', '0', '3'], minutes: [3, 1, 1, 1, 2], calls: [2, 1, 1, 1, 1] });
    expect(strings.values.slice(0, 6)).toEqual(a.values.slice(0, 6));
  });

  test('weight: calls uses call counts for PageRank', () => {
    const byCalls = callGraphFeatures([e('a', 'b', 100, 1), e('a', 'c', 1, 1)], { weight: 'calls', community: 'none' });
    expect(cell(byCalls, 'b', 'pageRank')).toBeCloseTo(cell(byCalls, 'c', 'pageRank'), 12);
    expect(byCalls.columns).not.toContain('community');
  });

  test('empty graph and isolated nodes', () => {
    const g = callGraphFeatures([]);
    expect(g.nRows).toBe(0);
    const iso = callGraphFeatures([], { nodes: ['a', 'b'] });
    expect(cell(iso, 'a', 'pageRank')).toBeCloseTo(1, 12);
    expect(iso.communityCount).toBe(2);
  });

  test('bad input: negative, NaN or infinite weights, mismatched columns, mixed id types, bad options, abort', () => {
    expect(() => callGraphFeatures([e('a', 'b', -1)])).toThrow(DataError);
    expect(() => callGraphFeatures([e('a', 'b', NaN)])).toThrow(/edge 0/);
    expect(() => callGraphFeatures([e('a', 'b', Infinity)])).toThrow(DataError);
    expect(() => callGraphFeatures({ caller: Int32Array.from([0]), callee: Int32Array.from([1, 2]), minutes: [1], calls: [1] })).toThrow(/differ in length/);
    expect(() => callGraphFeatures({ caller: Int32Array.from([0]), callee: ['1'], minutes: [1], calls: [1] })).toThrow(/both/);
    expect(() => callGraphFeatures({ caller: Int32Array.from([-1]), callee: Int32Array.from([1]), minutes: [1], calls: [1] })).toThrow(/negative/);
    expect(() => callGraphFeatures([e('a', 'b', 1)], { damping: 1 })).toThrow(/damping/);
    const ac = new AbortController();
    ac.abort();
    expect(() => callGraphFeatures([e('a', 'b', 1)], { signal: ac.signal })).toThrow(AbortError);
  });

  test('does not mutate its input and reports progress', () => {
    const edges = Object.freeze([Object.freeze(e('a', 'b', 1)), Object.freeze(e('b', 'c', 2))]);
    const stages = new Set<string>();
    callGraphFeatures(edges, { onProgress: (p) => stages.add(p.stage) });
    expect([...stages].sort()).toEqual(['contacts', 'csr', 'degrees', 'label-propagation', 'pagerank']);
  });
});
