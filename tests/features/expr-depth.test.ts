/**
 * Hand-built expression trees are checked by one iterative walk (issue 20): a 100,000-deep object,
 * a DAG that shares one sub-node 60 times over, or a malformed node deep inside, is a named error
 * (ValidationError from formatExpr/exprFields/parseExpr, a zod issue from ExprSchema, a ModelError
 * from parseModel), never a RangeError from a stack overflow or a hang.
 */
import { describe, expect, test } from 'vitest';
import {
  EXPR_TREE_DEPTH_CEILING,
  ExprSchema,
  ModelError,
  ValidationError,
  expr,
  exprFields,
  fitPipeline,
  formatExpr,
  parseExpr,
  parseModel,
  serializeModel,
} from 'telcokit';
import type { Expr } from 'telcokit';

/** `depth` nested `neg` nodes around one field: a tree `depth + 1` levels deep. */
function negChain(depth: number): Expr {
  let e: Expr = { kind: 'field', name: 'x' };
  for (let i = 0; i < depth; i++) e = { kind: 'op', op: 'neg', args: [e] };
  return e;
}

describe('deep hand-built expression objects', () => {
  const deep = negChain(100_000);

  test('formatExpr and exprFields refuse a 100,000-deep object with a ValidationError naming the ceiling', () => {
    expect(() => formatExpr(deep)).toThrow(ValidationError);
    expect(() => formatExpr(deep)).toThrow(/^formatExpr: not an expression at args\.0\.args\.0\.….* \(4096 keys deep\): nested deeper than 2048 levels$/);
    expect(() => exprFields(deep)).toThrow(/^exprFields: not an expression .*nested deeper than 2048 levels$/);
  });

  test('ExprSchema reports an issue at the path of the first node past the ceiling', () => {
    const r = ExprSchema.safeParse(deep);
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0]!;
    expect(issue.message).toBe('nested deeper than 2048 levels');
    // the node at tree level 2049 sits under 2048 `args.0` steps
    expect(issue.path.length).toBe(2 * EXPR_TREE_DEPTH_CEILING);
    expect(issue.path.slice(0, 2)).toEqual(['args', 0]);
  });

  test('the ceiling is exact: 2048 levels pass, 2049 do not', () => {
    const ok = negChain(EXPR_TREE_DEPTH_CEILING - 1);
    expect(ExprSchema.safeParse(ok).success).toBe(true);
    expect(exprFields(ok)).toEqual(['x']);
    expect(formatExpr(ok)).toBe('-('.repeat(EXPR_TREE_DEPTH_CEILING - 2) + '-x' + ')'.repeat(EXPR_TREE_DEPTH_CEILING - 2));
    expect(ExprSchema.safeParse(negChain(EXPR_TREE_DEPTH_CEILING)).success).toBe(false);
  });

  test('a DAG sharing one sub-node at every level is refused by its node count, not walked 2⁶⁰ times', () => {
    let e: Expr = expr.field('x');
    for (let i = 0; i < 60; i++) e = expr.add(e, e);
    expect(() => formatExpr(e)).toThrow(/more than 100000 nodes \(a shared sub-expression counts once per use\)/);
    expect(ExprSchema.safeParse(e).success).toBe(false);
  });

  test('a malformed node deep inside is named by its path', () => {
    const bad = { kind: 'op', op: 'add', args: [expr.field('a'), { kind: 'op', op: 'log', args: [{ kind: 'num', value: '3' }] }] } as unknown as Expr;
    expect(() => formatExpr(bad)).toThrow("formatExpr: not an expression at args.1.args.0.value: a 'num' literal needs a number value");
    const r = ExprSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['args', 1, 'args', 0, 'value']);
    expect(ExprSchema.safeParse({ kind: 'op', op: 'pow', args: [] }).success).toBe(false);
    expect(ExprSchema.safeParse({ kind: 'op', op: 'neg', args: [] }).success).toBe(false);
    expect(ExprSchema.safeParse({ kind: 'field', name: 'a', extra: 1 }).success).toBe(false);
    expect(() => formatExpr(null as unknown as Expr)).toThrow(/^formatExpr: not an expression: expected an expression object/);
  });

  test('parseExpr refuses a binary chain deeper than the tree ceiling, and accepts one just under it', () => {
    const terms = (k: number) => Array.from({ length: k }, (_, i) => `x${i}`).join(' + ');
    expect(exprFields(parseExpr(terms(EXPR_TREE_DEPTH_CEILING)))).toHaveLength(EXPR_TREE_DEPTH_CEILING);
    expect(() => parseExpr(terms(EXPR_TREE_DEPTH_CEILING + 2))).toThrow(ValidationError);
  });

  test('parseModel refuses a pipeline whose derived expression is 100,000 deep with a ModelError, not a RangeError', () => {
    const model = fitPipeline([{ type: 'derive', outputs: { d: expr.neg(expr.field('x')) } }], [{ x: 1 }, { x: 2 }]);
    const text = serializeModel(model);
    const inner = JSON.stringify(expr.neg(expr.field('x')));
    expect(text.includes(inner)).toBe(true);
    // splice a 100,000-deep chain in place of the derived expression (built as text: no recursion)
    const deepText = '{"kind":"op","op":"neg","args":['.repeat(100_000) + '{"kind":"field","name":"x"}' + ']}'.repeat(100_000);
    const hostile = text.replace(inner, deepText);
    // the JSON decoder gives up first here (its own stack, caught and named); either way a ModelError
    expect(() => parseModel(hostile)).toThrow(ModelError);
    expect(() => parseModel(hostile)).toThrow(/^parseModel: /);
    // the original still loads and round-trips
    expect(serializeModel(parseModel(text))).toBe(text);
  });
});
