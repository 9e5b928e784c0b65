/** Random audience expressions over four tags `t0`…`t3`, as trees, and their text in the three accepted syntaxes. */
import fc from 'fast-check';

export const TAGS = ['t0', 't1', 't2', 't3'];

export type Expr = { t: 'tag'; k: number } | { t: 'not'; e: Expr } | { t: 'and' | 'or'; a: Expr; b: Expr };

export const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ t: fc.constant('tag' as const), k: fc.integer({ min: 0, max: TAGS.length - 1 }) }),
    fc.record({ t: fc.constant('not' as const), e: tie('e') }),
    fc.record({ t: fc.constantFrom('and' as const, 'or' as const), a: tie('e'), b: tie('e') }),
  ),
})).e;

/** The keyword, symbol and mixed-case spellings of the operators. */
export const SYNTAX = [
  { and: ' AND ', or: ' OR ', not: 'NOT ' },
  { and: ' && ', or: ' || ', not: '!' },
  { and: ' and ', or: ' Or ', not: 'not ' },
];

/** The expression's text, fully parenthesised, in syntax `s`. */
export function show(e: Expr, s = SYNTAX[0]!): string {
  if (e.t === 'tag') return TAGS[e.k]!;
  if (e.t === 'not') return `${s.not}(${show(e.e, s)})`;
  return `(${show(e.a, s)}${e.t === 'and' ? s.and : s.or}${show(e.b, s)})`;
}
