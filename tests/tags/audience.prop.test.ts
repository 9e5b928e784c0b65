import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { exprArb, show, SYNTAX, TAGS, type Expr } from '../support/audience-expr.js';
import { countAudience, applyTagCatalogue, parseTagIndex, queryAudience, serializeTagIndex, tagsOf, updateTagIndex } from 'telcokit';
import type { TagCatalogue, TagIndex } from 'telcokit';

const catalogue: TagCatalogue = {
  tags: TAGS.map((id, k) => ({ id, label: id, level: 1, rule: { field: `f${k}`, op: '>', value: 0.5 } })),
};

/** An index of n rows with random tag memberships (the profiles are kept for oracles). */
const indexArb = fc.integer({ min: 0, max: 150 }).chain((n) =>
  fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()), { minLength: n, maxLength: n }).map((rows) => {
    const profiles = rows.map((r, i) => ({ id: `s${i}`, f0: +r[0], f1: +r[1], f2: +r[2], f3: +r[3] }));
    return { profiles, index: applyTagCatalogue(catalogue, profiles) };
  }),
);

function holds(e: Expr, has: boolean[]): boolean {
  switch (e.t) {
    case 'tag':
      return has[e.k]!;
    case 'not':
      return !holds(e.e, has);
    case 'and':
      return holds(e.a, has) && holds(e.b, has);
    default:
      return holds(e.a, has) || holds(e.b, has);
  }
}
const idsOf = (index: TagIndex, expr: string): string[] => queryAudience(index, expr).ids;

describe('audience properties', () => {
  test('queryAudience equals the per-subscriber oracle in every syntax; count = ids length', () => {
    fc.assert(
      fc.property(indexArb, exprArb, fc.integer({ min: 0, max: 2 }), ({ index }, e, syn) => {
        const want = index.ids.filter((id) => {
          const has = TAGS.map((t) => tagsOf(index, id).includes(t));
          return holds(e, has);
        });
        const r = queryAudience(index, show(e, SYNTAX[syn]));
        expect(r.ids).toEqual(want);
        expect(r.total).toBe(want.length);
        expect(countAudience(index, show(e))).toBe(r.ids.length);
      }),
      { numRuns: 150 },
    );
  });
  test('AND result ⊆ each operand; OR ⊇ each operand', () => {
    fc.assert(
      fc.property(indexArb, exprArb, exprArb, ({ index }, a, b) => {
        const A = new Set(idsOf(index, show(a)));
        const B = new Set(idsOf(index, show(b)));
        const and = idsOf(index, `(${show(a)}) AND (${show(b)})`);
        expect(and.every((id) => A.has(id) && B.has(id))).toBe(true);
        const or = new Set(idsOf(index, `(${show(a)}) OR (${show(b)})`));
        expect([...A, ...B].every((id) => or.has(id))).toBe(true);
      }),
    );
  });
  test('NOT NOT x = x; De Morgan; comma = AND; x OR NOT x = everyone', () => {
    fc.assert(
      fc.property(indexArb, exprArb, exprArb, ({ index }, a, b) => {
        const x = show(a);
        const y = show(b);
        expect(idsOf(index, `NOT NOT ${x}`)).toEqual(idsOf(index, x));
        expect(idsOf(index, `NOT (${x} AND ${y})`)).toEqual(idsOf(index, `NOT ${x} OR NOT ${y}`));
        expect(idsOf(index, `NOT (${x} OR ${y})`)).toEqual(idsOf(index, `NOT ${x} AND NOT ${y}`));
        expect(idsOf(index, `${x}, ${y}`)).toEqual(idsOf(index, `${x} AND ${y}`));
        expect(countAudience(index, `${x} OR NOT ${x}`)).toBe(index.nRows);
        expect(countAudience(index, `${x} AND NOT ${x}`)).toBe(0);
      }),
    );
  });
  test('pages and samples are subsets of the full answer, in index order', () => {
    fc.assert(
      fc.property(indexArb, exprArb, fc.nat(20), fc.nat(20), fc.nat(30), fc.integer({ min: 0, max: 2 ** 32 - 1 }), ({ index }, e, offset, limit, sample, seed) => {
        const all = idsOf(index, show(e));
        expect(queryAudience(index, show(e), { offset, limit }).ids).toEqual(all.slice(offset, offset + limit));
        const s = queryAudience(index, show(e), { sample, seed });
        expect(s.ids.length).toBe(Math.min(sample, all.length));
        const pos = s.ids.map((id) => all.indexOf(id));
        expect(pos.every((p) => p >= 0)).toBe(true);
        expect(pos).toEqual([...pos].sort((p, q) => p - q));
        expect(new Set(s.ids).size).toBe(s.ids.length);
      }),
    );
  });
  test('serializeTagIndex → parseTagIndex round-trips; updateTagIndex = applyTagCatalogue on the changed profiles', () => {
    fc.assert(
      fc.property(indexArb, fc.nat(), fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()), ({ index, profiles }, pick, r) => {
        const text = serializeTagIndex(index);
        expect(serializeTagIndex(parseTagIndex(text))).toBe(text);
        const changed = { f0: +r[0], f1: +r[1], f2: +r[2], f3: +r[3] };
        if (profiles.length === 0) {
          const grown = updateTagIndex(index, catalogue, 'new', changed);
          expect(serializeTagIndex(grown)).toBe(serializeTagIndex(applyTagCatalogue(catalogue, [{ id: 'new', ...changed }])));
          return;
        }
        const i = pick % profiles.length;
        const id = profiles[i]!.id;
        const expected = applyTagCatalogue(catalogue, profiles.map((p, k) => (k === i ? { id, ...changed } : p)));
        expect(serializeTagIndex(updateTagIndex(index, catalogue, id, changed))).toBe(serializeTagIndex(expected));
      }),
    );
  });
});
