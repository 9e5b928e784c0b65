import { describe, expect, test } from 'vitest';
import { AUDIENCE_DEPTH_CEILING, OptionsError, ValidationError, countAudience, applyTagCatalogue, parseAudience, queryAudience } from 'telcokit';
import type { AudienceNode, TagCatalogue } from 'telcokit';

const tagIds = ['high_consumption', 'travel_enthusiast', 'business_traveller', 'churn_risk'];

function errorOf(f: () => unknown): ValidationError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

// 8 subscribers: bit k of the row number says whether tag k holds
const catalogue: TagCatalogue = {
  tags: tagIds.map((id, k) => ({ id, label: id, level: 1, rule: { field: `f${k}`, op: '==', value: 1 } })),
};
const profiles = Array.from({ length: 16 }, (_, i) => ({ id: `s${i}`, f0: i & 1, f1: (i >> 1) & 1, f2: (i >> 2) & 1, f3: (i >> 3) & 1 }));
const index = applyTagCatalogue(catalogue, profiles);

describe('parseAudience', () => {
  test('parseAudience gives NOT > AND > OR > comma precedence, n-ary nodes', () => {
    expect(parseAudience('a OR b AND NOT c, d')).toEqual({
      type: 'and',
      position: 0,
      operands: [
        {
          type: 'or',
          position: 0,
          operands: [
            { type: 'tag', name: 'a', position: 0 },
            { type: 'and', position: 5, operands: [{ type: 'tag', name: 'b', position: 5 }, { type: 'not', position: 11, operand: { type: 'tag', name: 'c', position: 15 } }] },
          ],
        },
        { type: 'tag', name: 'd', position: 18 },
      ],
    });
  });
  test('keywords are case-insensitive and the symbol forms are accepted', () => {
    const strip = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v) => (k === 'position' ? undefined : v)));
    expect(strip(parseAudience('a and b Or not c'))).toEqual(strip(parseAudience('a && b || !c')));
    expect(parseAudience('a AND b AND c')).toMatchObject({ type: 'and', operands: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
  });
  test('syntax errors give position, caret and message', () => {
    const e = errorOf(() => parseAudience('high_consumption AND (travel_enthusiast OR ) ', tagIds));
    expect(e.message).toBe(
      "parseAudience: expected a tag name, NOT or (, found ')' at position 43\n  high_consumption AND (travel_enthusiast OR ) \n                                             ^",
    );
    expect(e.issues[0]!.path).toEqual(['expression', 43]);
    expect(errorOf(() => parseAudience('a AND')).message).toMatch(/expected a tag name, NOT or \(, found end of expression at position 5/);
    expect(errorOf(() => parseAudience('(a OR b')).message).toMatch(/expected '\)' to close '\(' at position 0, found end of expression at position 7/);
    expect(errorOf(() => parseAudience('a OR b)')).message).toMatch(/unmatched '\)' at position 6/);
    expect(errorOf(() => parseAudience('a b')).message).toMatch(/expected AND, OR, ',' or the end of the expression, found 'b' at position 2/);
    expect(errorOf(() => parseAudience('a & b')).message).toMatch(/unexpected character '&' \(did you mean '&&'\?\) at position 2/);
    expect(errorOf(() => parseAudience('a, ,b')).message).toMatch(/found ',' at position 3/);
    expect(errorOf(() => parseAudience('')).message).toMatch(/empty expression/);
    expect(errorOf(() => parseAudience('   ')).message).toMatch(/empty expression/);
    expect(errorOf(() => parseAudience('a = b')).message).toMatch(/unexpected character '=' at position 2/);
  });
  test('an unknown tag gets the nearest known name', () => {
    const e = errorOf(() => parseAudience('high_consumptoin AND NOT churn_risk', tagIds));
    expect(e.message).toBe(
      "parseAudience: unknown tag 'high_consumptoin' at position 0; did you mean 'high_consumption'?\n  high_consumptoin AND NOT churn_risk\n  ^^^^^^^^^^^^^^^^",
    );
    expect(errorOf(() => parseAudience('a AND Churn_Risk', tagIds)).message).toMatch(/unknown tag 'a' at position 0\n/);
    expect(errorOf(() => parseAudience('churn_risk OR Churn_Risk', tagIds)).message).toMatch(/unknown tag 'Churn_Risk' at position 14; did you mean 'churn_risk'\?/);
  });
  test('an expression nested 10,000 deep gives a clear error, not a stack overflow', () => {
    const deep = '('.repeat(10_000) + 'a' + ')'.repeat(10_000);
    expect(errorOf(() => parseAudience(deep)).message).toMatch(/^parseAudience: expression nested deeper than 256 levels at position 256/);
    const nots = 'NOT '.repeat(10_000) + 'a';
    expect(errorOf(() => parseAudience(nots)).message).toMatch(/nested deeper than 256 levels at position 1024/);
    const bangs = '!'.repeat(10_000) + 'a';
    expect(errorOf(() => parseAudience(bangs)).message).toMatch(/nested deeper than 256 levels/);
    // nesting within the limit parses
    expect(parseAudience('('.repeat(200) + 'a' + ')'.repeat(200))).toEqual({ type: 'tag', name: 'a', position: 200 });
    // a long flat chain is not deep
    const flat = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? 'a' : 'b')).join(' AND ');
    expect(parseAudience(flat)).toMatchObject({ type: 'and' });
  });
});

describe('depth limits on ASTs and maxDepth', () => {
  const ix = applyTagCatalogue(
    { tags: [{ id: 'a', label: 'A', level: 1, rule: { field: 'x', op: '>', value: 0 } }, { id: 'b', label: 'B', level: 1, rule: { field: 'x', op: '>', value: 1 } }] },
    Array.from({ length: 70 }, (_, i) => ({ id: `s${i}`, x: i % 3 })),
  );
  /** `depth` NOTs around tag a, or alternating OR/AND nodes `b OP (…)`, built without the parser. */
  function nested(depth: number, kind: 'not' | 'mix'): AudienceNode {
    let n: AudienceNode = { type: 'tag', name: 'a', position: 0 };
    for (let i = 0; i < depth; i++) {
      n = kind === 'not' ? { type: 'not', operand: n, position: i } : { type: i % 2 ? 'and' : 'or', operands: [{ type: 'tag', name: 'b', position: 0 }, n], position: i };
    }
    return n;
  }
  test('countAudience / queryAudience on an AST of 20,000 nested NOTs: a ValidationError, not a RangeError', () => {
    const deep = nested(20_000, 'not');
    const e = errorOf(() => countAudience(ix, deep));
    expect(e.message).toMatch(/^countAudience: expression nested deeper than 1000 AND\/OR\/NOT levels at position 18999$/); // the 1001st node from the top
    expect(e.issues[0]!.path).toEqual(['expression', 18_999]);
    expect(errorOf(() => queryAudience(ix, deep)).message).toMatch(/^queryAudience: expression nested deeper than 1000/);
    expect(errorOf(() => countAudience(ix, nested(20_000, 'mix'))).message).toMatch(/^countAudience: expression nested deeper than 1000/);
  });
  test('an AST exactly at the ceiling evaluates (1000 NOTs = a; 1000 alternating OR/AND levels)', () => {
    expect(AUDIENCE_DEPTH_CEILING).toBe(1000);
    expect(countAudience(ix, nested(1000, 'not'))).toBe(countAudience(ix, 'a'));
    expect(queryAudience(ix, nested(1000, 'mix')).total).toBe(countAudience(ix, nested(2, 'mix')));
    expect(() => countAudience(ix, nested(1001, 'not'))).toThrow(ValidationError);
  });
  test('malformed AST nodes are a ValidationError', () => {
    expect(errorOf(() => countAudience(ix, { type: 'xor' } as never)).message).toMatch(/countAudience: not an audience expression node/);
    expect(errorOf(() => countAudience(ix, { type: 'and', operands: [], position: 0 })).message).toMatch(/'and' node needs a non-empty operands array/);
    expect(errorOf(() => countAudience(ix, { type: 'not', position: 0 } as never)).message).toMatch(/not an audience expression node/);
  });
  test('parseAudience(…, { maxDepth: 1e6 }) is capped at 1000 with a clear error, not a stack overflow', () => {
    const deep = '('.repeat(20_000) + 'a' + ')'.repeat(20_000);
    expect(errorOf(() => parseAudience(deep, undefined, { maxDepth: 1e6 })).message).toMatch(
      /^parseAudience: expression nested deeper than 1000 levels \(maxDepth 1000000 is capped at 1000 to stay clear of the call-stack limit\) at position 1000/,
    );
    expect(errorOf(() => parseAudience('NOT '.repeat(20_000) + 'a', undefined, { maxDepth: Infinity })).message).toMatch(/nested deeper than 1000 levels/);
    // within the ceiling it parses
    expect(parseAudience('('.repeat(1000) + 'a' + ')'.repeat(1000), undefined, { maxDepth: 1e6 })).toEqual({ type: 'tag', name: 'a', position: 1000 });
    // three AND/OR levels per parenthesis: the AST ceiling applies to parsed text too
    const triple = 'a, b OR a AND ('.repeat(400) + 'a' + ')'.repeat(400);
    expect(errorOf(() => parseAudience(triple, undefined, { maxDepth: 1000 })).message).toMatch(/^parseAudience: expression nested deeper than 1000 AND\/OR\/NOT levels/);
    const ok = 'a, b OR a AND ('.repeat(300) + 'a' + ')'.repeat(300);
    // b ⊂ a (x > 1 implies x > 0), so a ∧ (b ∨ (a ∧ E)) = a at every level
    expect(countAudience(ix, parseAudience(ok, undefined, { maxDepth: 1000 }))).toBe(countAudience(ix, 'a'));
  });
  test('maxDepth must be a positive integer', () => {
    for (const bad of [0, -1, 1.5, NaN]) expect(errorOf(() => parseAudience('a', undefined, { maxDepth: bad })).message).toMatch(/parseAudience: maxDepth must be a positive integer/);
  });
});

describe('queryAudience and countAudience', () => {
  const rows = (pred: (i: number) => boolean) => profiles.map((_, i) => i).filter(pred);
  test('the issue example counts the hand-computed rows', () => {
    const expr = 'high_consumption AND (travel_enthusiast OR business_traveller) AND NOT churn_risk';
    const want = rows((i) => (i & 1) === 1 && ((i & 2) !== 0 || (i & 4) !== 0) && (i & 8) === 0); // 3, 5, 7
    expect(want).toEqual([3, 5, 7]);
    const r = queryAudience(index, expr);
    expect(r).toEqual({ ids: ['s3', 's5', 's7'], rows: new Int32Array([3, 5, 7]), total: 3 });
    expect(countAudience(index, expr)).toBe(3);
    expect(queryAudience(index, 'high_consumption,travel_enthusiast').ids).toEqual(['s3', 's7', 's11', 's15']);
    expect(countAudience(index, 'NOT NOT churn_risk')).toBe(8);
    expect(countAudience(index, parseAudience('!high_consumption || churn_risk'))).toBe(12);
  });
  test('limit and offset page through the matches in index order', () => {
    const all = queryAudience(index, 'NOT churn_risk');
    expect(all.ids).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7']);
    expect(queryAudience(index, 'NOT churn_risk', { limit: 3, offset: 2 })).toEqual({ ids: ['s2', 's3', 's4'], rows: new Int32Array([2, 3, 4]), total: 8 });
    expect(queryAudience(index, 'NOT churn_risk', { offset: 20 }).ids).toEqual([]);
    expect(queryAudience(index, 'NOT churn_risk', { limit: 0 }).ids).toEqual([]);
  });
  test('sample draws without replacement, seeded, in index order', () => {
    const a = queryAudience(index, 'NOT churn_risk', { sample: 4, seed: 1 });
    const b = queryAudience(index, 'NOT churn_risk', { sample: 4, seed: 1 });
    expect(a).toEqual(b);
    expect(a.total).toBe(8);
    expect(new Set(a.ids).size).toBe(4);
    expect([...a.rows]).toEqual([...a.rows].sort((x, y) => x - y));
    expect(a.ids.every((id) => Number(id.slice(1)) < 8)).toBe(true);
    const seeds = new Set(Array.from({ length: 20 }, (_, s) => queryAudience(index, 'NOT churn_risk', { sample: 4, seed: s }).ids.join()));
    expect(seeds.size).toBeGreaterThan(5);
    expect(queryAudience(index, 'NOT churn_risk', { sample: 100 }).ids).toHaveLength(8);
    expect(queryAudience(index, 'NOT churn_risk', { sample: 4, seed: 1, limit: 2, offset: 1 }).ids).toEqual(a.ids.slice(1, 3));
  });
  test('bad options and unknown tags', () => {
    expect(() => queryAudience(index, 'churn_risk', { limit: -1 })).toThrow(OptionsError);
    expect(() => queryAudience(index, 'churn_risk', { sample: 1.5 })).toThrow(/option sample must be an integer in \[0, /);
    expect(() => countAudience(index, 'churn_rsik')).toThrow(/did you mean 'churn_risk'/);
    expect(() => countAudience(index, parseAudience('churn_rsik'))).toThrow(/countAudience: unknown tag 'churn_rsik' at position 0; did you mean 'churn_risk'\?/);
  });
  test('counts agree across word boundaries (n = 1,000)', () => {
    const n = 1000;
    const big = applyTagCatalogue(
      { tags: [{ id: 'three', label: '', level: 1, rule: { field: 'm3', op: '==', value: 0 } }, { id: 'five', label: '', level: 1, rule: { field: 'm5', op: '==', value: 0 } }] },
      { ids: Array.from({ length: n }, (_, i) => String(i)), columns: { m3: Float64Array.from({ length: n }, (_, i) => i % 3), m5: Float64Array.from({ length: n }, (_, i) => i % 5) } },
    );
    expect(countAudience(big, 'three')).toBe(334);
    expect(countAudience(big, 'three AND five')).toBe(67);
    expect(countAudience(big, 'NOT (three OR five)')).toBe(1000 - 334 - 200 + 67);
    expect(queryAudience(big, 'three AND five', { offset: 66 }).ids).toEqual(['990']);
  });
  test('countAudience = queryAudience total = a direct count on 100,000 rows (multi-block, > 4 operands)', () => {
    const n = 100_000;
    const f = (k: number) => Float64Array.from({ length: n }, (_, i) => ((i * (2654435761 + k * 40503)) >>> 0) % 97);
    const cols = { f0: f(0), f1: f(1), f2: f(2), f3: f(3), f4: f(4), f5: f(5) };
    const cat: TagCatalogue = { tags: Object.keys(cols).map((name, k) => ({ id: `t${k}`, label: '', level: 1, rule: { field: name, op: '<', value: 30 + 5 * k } })) };
    const big = applyTagCatalogue(cat, { ids: Array.from({ length: n }, (_, i) => `r${i}`), columns: cols });
    const has = (k: number, i: number) => cols[`f${k}` as keyof typeof cols][i]! < 30 + 5 * k;
    const cases: [string, (i: number) => boolean][] = [
      ['t0 AND (t1 OR t2) AND NOT t3', (i) => has(0, i) && (has(1, i) || has(2, i)) && !has(3, i)],
      ['t0 OR t1 OR t2 OR t3 OR t4 OR t5', (i) => [0, 1, 2, 3, 4, 5].some((k) => has(k, i))],
      ['NOT t0 AND NOT t1 AND NOT t2 AND NOT t3 AND NOT t4 AND NOT t5', (i) => [0, 1, 2, 3, 4, 5].every((k) => !has(k, i))],
      ['NOT (t4 OR t5)', (i) => !(has(4, i) || has(5, i))],
      ['t5', (i) => has(5, i)],
      ['t0 OR (t1 AND t2)', (i) => has(0, i) || (has(1, i) && has(2, i))],
      ['(t1 OR NOT t2) AND t0 AND NOT t3 AND t4', (i) => (has(1, i) || !has(2, i)) && has(0, i) && !has(3, i) && has(4, i)],
      ['t0 OR NOT t3 OR (t1 OR t2)', (i) => has(0, i) || !has(3, i) || has(1, i) || has(2, i)],
      ['(t0 AND NOT t1) AND t2', (i) => has(0, i) && !has(1, i) && has(2, i)],
      ['(t0 AND NOT t1) OR (t2 AND t3)', (i) => (has(0, i) && !has(1, i)) || (has(2, i) && has(3, i))],
      ['NOT t5 AND (t0 OR t1)', (i) => !has(5, i) && (has(0, i) || has(1, i))],
      ['(t0 OR t1)', (i) => has(0, i) || has(1, i)],
      ['NOT t5', (i) => !has(5, i)],
    ];
    for (const [expr, pred] of cases) {
      let want = 0;
      for (let i = 0; i < n; i++) if (pred(i)) want++;
      expect(countAudience(big, expr)).toBe(want);
      expect(queryAudience(big, expr, { limit: 0 }).total).toBe(want);
    }
    // pages across the block boundary (2,048 words = 65,536 rows) match slices of the full answer
    const full = queryAudience(big, 't0 OR t1');
    const matchesBefore = full.rows.findIndex((r) => r >= 65_536);
    for (const [offset, limit] of [[0, 5], [matchesBefore - 3, 6], [matchesBefore, 2], [full.total - 2, 10], [full.total + 5, 1]] as const) {
      const page = queryAudience(big, 't0 OR t1', { offset, limit });
      expect(page.ids).toEqual(full.ids.slice(offset, offset + limit));
      expect(page.total).toBe(full.total);
    }
    const exact = applyTagCatalogue(cat, { ids: Array.from({ length: 65_536 }, (_, i) => `r${i}`), columns: Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.slice(0, 65_536)])) });
    expect(countAudience(exact, 'NOT t0 OR t0')).toBe(65_536);
  });
});
