import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { exprArb, show, SYNTAX, TAGS, type Expr } from '../support/audience-expr.js';
import { applyTagCatalogue, canonicalAudience, countAudience, queryAudience, ValidationError } from 'telcokit';
import type { AudienceNode, TagCatalogue } from 'telcokit';

const catalogue: TagCatalogue = { tags: TAGS.map((id, k) => ({ id, label: id, level: 1, rule: { field: `f${k}`, op: '>', value: 0.5 } })) };
// all 16 combinations of the 4 tags: equal audiences on this index means equal Boolean functions
const index = applyTagCatalogue(catalogue, Array.from({ length: 16 }, (_, i) => ({ id: `s${i}`, f0: i & 1, f1: (i >> 1) & 1, f2: (i >> 2) & 1, f3: (i >> 3) & 1 })));

/** An equivalent expression: operands swapped, double negations and repeated operands added, driven by `bits`. */
function rewrite(e: Expr, bits: () => boolean): Expr {
  let out: Expr;
  if (e.t === 'tag') out = e;
  else if (e.t === 'not') out = { t: 'not', e: rewrite(e.e, bits) };
  else {
    const a = rewrite(e.a, bits);
    const b = rewrite(e.b, bits);
    out = bits() ? { t: e.t, a: b, b: a } : { t: e.t, a, b };
    if (bits()) out = { t: e.t, a: out, b: bits() ? a : b }; // (a op b) op a = a op b
  }
  return bits() ? { t: 'not', e: { t: 'not', e: out } } : out;
}

describe('canonicalAudience', () => {
  test('canonicalAudience(rewritten e) = canonicalAudience(e): order, nesting, repeats, double NOT and syntax do not change the key', () => {
    fc.assert(
      fc.property(exprArb, fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }), fc.integer({ min: 0, max: 2 }), (e, bitList, s) => {
        let i = 0;
        const bits = () => bitList[i++ % bitList.length]!;
        const other = rewrite(e, bits);
        expect(canonicalAudience(show(other, SYNTAX[s]))).toBe(canonicalAudience(show(e)));
      }),
      { numRuns: 300 },
    );
  });

  test('equal canonical text means the same audience (the cache never serves one expression for another)', () => {
    fc.assert(
      fc.property(exprArb, exprArb, (a, b) => {
        const ca = canonicalAudience(show(a));
        const cb = canonicalAudience(show(b));
        const qa = queryAudience(index, show(a)).ids;
        if (ca === cb) expect(queryAudience(index, show(b)).ids).toEqual(qa);
        // and rewriting never changes the audience
        expect(countAudience(index, show(rewrite(a, () => true)))).toBe(qa.length);
      }),
      { numRuns: 300 },
    );
  });

  test('canonical forms by hand', () => {
    expect(canonicalAudience('b AND (c OR a) AND b')).toBe('and(b,or(a,c))');
    expect(canonicalAudience('a, (b, c)')).toBe('and(a,b,c)');
    expect(canonicalAudience('NOT NOT NOT a')).toBe('not(a)');
    expect(canonicalAudience('NOT (a OR b)')).toBe('not(or(a,b))');
    expect(canonicalAudience('a OR a')).toBe('a');
    // absorption is not applied: different keys, same audience
    expect(canonicalAudience('a OR (a AND b)')).toBe('or(a,and(a,b))');
    const odd: AudienceNode = { type: 'and', position: 0, operands: [{ type: 'tag', name: 'x)', position: 0 }, { type: 'tag', name: 'y', position: 0 }] };
    expect(canonicalAudience(odd)).toBe('and("x)",y)');
  });

  test('junk and hostile input are ValidationErrors', () => {
    for (const bad of [null, 42, {}, { type: 'tag' }, '', 'a AND', '('.repeat(300) + 'a' + ')'.repeat(300)]) {
      expect(() => canonicalAudience(bad as never)).toThrow(ValidationError);
    }
    const cyclic: { type: 'not'; operand: unknown; position: number } = { type: 'not', operand: null, position: 0 };
    cyclic.operand = cyclic;
    expect(() => canonicalAudience(cyclic as never)).toThrow(/contains itself/);
  });
});
