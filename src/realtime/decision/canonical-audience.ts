/**
 * `canonicalAudience`: the normal form of an audience expression, the key of the hot-audience cache.
 *
 * @module
 */
import { ValidationError } from '../../errors.js';
import { checkAudienceAst, parseAudienceAs } from '../../tags/parse-audience.js';
import type { AudienceNode } from '../../tags/parse-audience.js';

const TAG_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * The canonical text of an audience expression: two expressions that differ only in spelling
 * (`AND`/`&&`/`,`, case of keywords, spaces, redundant parentheses), in the order of AND/OR
 * operands, in nesting of the same operator (`a AND (b AND c)` = `a AND b AND c`), in repeated
 * operands (`a AND a` = `a`) or in double negation (`NOT NOT a` = `a`) get the same text, so a
 * cache keyed by it serves them all from one entry. The form is `and(…)`, `or(…)`, `not(…)` over
 * tag names, operands sorted by their own canonical text (code-unit order); a name outside the
 * tag grammar is written as a JSON string.
 *
 * These rewrites preserve meaning for any tag index (commutativity, associativity, idempotence
 * and involution of Boolean algebra), so equal canonical text means equal audiences. The converse
 * does not hold: `a OR (a AND b)` and `a` select the same subscribers but keep different texts
 * (absorption is not applied; the cache simply stores them apart).
 *
 * @param expression - an audience expression (parsed with {@link parseAudience}'s grammar) or its AST
 * @returns the canonical text
 * @throws ValidationError for a syntax error or an AST that is malformed, cyclic or nested past
 *   {@link AUDIENCE_DEPTH_CEILING}
 * @example
 * canonicalAudience('b AND (c OR a) AND b') // => 'and(b,or(a,c))'
 * canonicalAudience('NOT NOT x, y') === canonicalAudience('y && x') // => true
 * @category Realtime
 */
export function canonicalAudience(expression: string | AudienceNode): string {
  const fn = 'canonicalAudience';
  let ast: AudienceNode;
  if (typeof expression === 'string') ast = parseAudienceAs(expression, undefined, {}, fn);
  else {
    if (expression === null || typeof expression !== 'object') {
      throw new ValidationError(`${fn}: expected an expression string or an AudienceNode`, [{ row: 0, path: ['expression'], reason: 'not an expression', value: typeof expression }]);
    }
    checkAudienceAst(expression, fn);
    ast = expression;
  }
  return canonicalText(ast);
}

/** A normalised node: its operator, its canonical text and its operands (distinct, sorted by text). */
interface Norm {
  readonly type: 'tag' | 'and' | 'or' | 'not';
  readonly text: string;
  readonly args: readonly Norm[];
}

/** Canonical text of a checked AST (depth ≤ AUDIENCE_DEPTH_CEILING, so the recursion is bounded). */
export function canonicalText(node: AudienceNode): string {
  return normalise(node).text;
}

function negate(n: Norm): Norm {
  // NOT of a NOT cancels (involution)
  return n.type === 'not' ? n.args[0]! : { type: 'not', text: `not(${n.text})`, args: [n] };
}

function normalise(node: AudienceNode): Norm {
  if (node.type === 'not') return negate(normalise(node.operand));
  if (node.type === 'tag') return { type: 'tag', text: TAG_NAME.test(node.name) ? node.name : JSON.stringify(node.name), args: [] };
  const type = node.type;
  const parts = new Map<string, Norm>();
  for (const o of node.operands) {
    const n = normalise(o);
    // a nested operand of the same operator is flattened (associativity); repeats are dropped (idempotence)
    if (n.type === type) for (const a of n.args) parts.set(a.text, a);
    else parts.set(n.text, n);
  }
  const args = [...parts.values()].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  if (args.length === 1) return args[0]!;
  return { type, text: `${type}(${args.map((a) => a.text).join(',')})`, args };
}
