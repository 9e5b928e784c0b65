/**
 * `parseAudience`: the audience expression language, parsed by recursive descent.
 *
 * ```
 * list    := or ( ',' or )*            comma = AND, lowest precedence (the `tags=a,b` form)
 * or      := and ( ( OR | '||' ) and )*
 * and     := unary ( ( AND | '&&' ) unary )*
 * unary   := ( NOT | '!' ) unary | primary
 * primary := TAG | '(' list ')'
 * ```
 * Keywords are case-insensitive; a tag is `[A-Za-z_][A-Za-z0-9_.-]*`.
 *
 * @module
 */
import { ValidationError } from '../errors.js';
import { nearestName } from '../internal/fuzzy.js';

/** A node of a parsed audience expression (`position` is the 0-based offset in the text). @category Tags */
export type AudienceNode =
  | { readonly type: 'tag'; readonly name: string; readonly position: number }
  | { readonly type: 'not'; readonly operand: AudienceNode; readonly position: number }
  | { readonly type: 'and'; readonly operands: readonly AudienceNode[]; readonly position: number }
  | { readonly type: 'or'; readonly operands: readonly AudienceNode[]; readonly position: number };

/** Options of {@link parseAudience}. @category Tags */
export interface ParseAudienceOptions {
  /**
   * Deepest nesting of parentheses and NOTs accepted (default 256; values above
   * {@link AUDIENCE_DEPTH_CEILING} are capped there).
   */
  maxDepth?: number;
}

/**
 * The deepest audience expression telcokit accepts, whatever `maxDepth` says: at most this many
 * nested parentheses and NOTs when parsing, and at most this many AND/OR/NOT nodes on any path of
 * an AST (parsed or given to {@link countAudience} / {@link queryAudience} directly). Parsing and
 * evaluation recurse once per level; this keeps them well inside the JavaScript call stack (about
 * 2,000 levels of evaluation fit in Node's default 984 kB).
 * @example
 * AUDIENCE_DEPTH_CEILING // => 1000
 * @category Tags
 */
export const AUDIENCE_DEPTH_CEILING = 1000;

/** The most nodes an audience AST may expand to, counting a shared sub-node once per use. */
const AUDIENCE_SIZE_CEILING = 100_000;

const NODE_TYPES = new Set(['tag', 'not', 'and', 'or']);

/**
 * Checks an AST iteratively (no recursion, so any depth is safe to inspect): node shapes, and at
 * most {@link AUDIENCE_DEPTH_CEILING} AND/OR/NOT nodes on any path. Each node object is checked
 * once, however many parents share it (an AST may be a DAG: its height is memoised by node
 * identity, so 41 objects reused on both sides of 40 ANDs cost 41 visits, not 2⁴⁰ paths); a node
 * that contains itself is a cycle. Throws a ValidationError naming the position of the first node
 * past the ceiling.
 */
export function checkAudienceAst(ast: unknown, fn: string): void {
  // height of each finished node: AND/OR/NOT nodes on the longest path down from it
  const height = new Map<object, number>();
  // nodes of the tree the DAG stands for (shared nodes counted once per use): what the compiler walks
  const size = new Map<object, number>();
  const onPath = new Set<object>();
  // post-order walk: a node is pushed with `expanded = false`, its children are pushed after it,
  // and it is finished (its height computed) when popped the second time
  const tooDeep = (n: { type?: string; position?: unknown }): never => {
    const pos = typeof n.position === 'number' ? n.position : 0;
    throw new ValidationError(`${fn}: expression nested deeper than ${AUDIENCE_DEPTH_CEILING} AND/OR/NOT levels at position ${pos}`, [
      { row: 0, path: ['expression', pos], reason: `nested deeper than ${AUDIENCE_DEPTH_CEILING} levels`, value: n.type },
    ]);
  };
  // entries: node, whether its children are done, and its depth below the root on this path
  const stack: [unknown, boolean, number][] = [[ast, false, 0]];
  while (stack.length > 0) {
    const [node, expanded, depth] = stack.pop()!;
    const n = node as Partial<{ type: string; name: unknown; operand: unknown; operands: unknown; position: unknown }> | null;
    if (expanded) {
      const kids = n!.type === 'not' ? [n!.operand] : (n!.operands as unknown[]);
      let h = 0;
      let sz = 1;
      for (const k of kids) {
        h = Math.max(h, height.get(k as object)!);
        sz += size.get(k as object)!;
      }
      h += 1;
      if (sz > AUDIENCE_SIZE_CEILING) {
        throw new ValidationError(`${fn}: the expression expands to more than ${AUDIENCE_SIZE_CEILING} nodes (an AST that reuses sub-nodes counts them once per use)`, [
          { row: 0, path: ['expression'], reason: `more than ${AUDIENCE_SIZE_CEILING} nodes`, value: n!.type },
        ]);
      }
      size.set(n!, sz);
      if (depth + h > AUDIENCE_DEPTH_CEILING) tooDeep(n!);
      onPath.delete(n!);
      height.set(n!, h);
      continue;
    }
    if (typeof n !== 'object' || n === null || typeof n.type !== 'string' || !NODE_TYPES.has(n.type)) {
      throw new ValidationError(`${fn}: not an audience expression node: ${describeNode(n)}`, [
        { row: 0, path: ['expression'], reason: 'not an AudienceNode', value: node },
      ]);
    }
    const known = height.get(n);
    if (known !== undefined) {
      // a shared node met again, perhaps on a deeper path
      if (depth + known > AUDIENCE_DEPTH_CEILING) tooDeep(n);
      continue;
    }
    if (onPath.has(n)) {
      throw new ValidationError(`${fn}: the expression contains itself (a cycle through a '${n.type}' node)`, [
        { row: 0, path: ['expression'], reason: 'cyclic AST', value: n.type },
      ]);
    }
    if (n.type === 'tag') {
      if (typeof n.name !== 'string') {
        throw new ValidationError(`${fn}: a tag node needs a string name, got ${describeNode(n.name)}`, [
          { row: 0, path: ['expression'], reason: 'tag node without a name', value: node },
        ]);
      }
      height.set(n, 0);
      size.set(n, 1);
      continue;
    }
    if (n.type !== 'not' && (!Array.isArray(n.operands) || n.operands.length === 0)) {
      throw new ValidationError(`${fn}: an '${n.type}' node needs a non-empty operands array`, [
        { row: 0, path: ['expression'], reason: `'${n.type}' node without operands`, value: node },
      ]);
    }
    if (depth + 1 > AUDIENCE_DEPTH_CEILING) tooDeep(n);
    onPath.add(n);
    stack.push([n, true, depth]);
    const kids = n.type === 'not' ? [n.operand] : (n.operands as unknown[]);
    for (const k of kids) {
      if (typeof k === 'object' && k !== null && onPath.has(k)) {
        throw new ValidationError(`${fn}: the expression contains itself (a cycle through a '${n.type}' node)`, [
          { row: 0, path: ['expression'], reason: 'cyclic AST', value: n.type },
        ]);
      }
      stack.push([k, false, depth + 1]);
    }
  }
}

/** A short, safe description of a value (JSON.stringify can throw on cycles and BigInts). */
function describeNode(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 80) ?? String(v);
  } catch {
    return typeof v;
  }
}

type TokKind = 'tag' | 'and' | 'or' | 'not' | 'comma' | 'lparen' | 'rparen' | 'end';
interface Token {
  readonly kind: TokKind;
  readonly text: string;
  readonly pos: number;
}

function fail(fn: string, expr: string, pos: number, length: number, message: string, value: string, hint = ''): never {
  // show at most 70 characters around the position so 10,000-character inputs stay readable
  const from = expr.length <= 80 ? 0 : Math.max(0, pos - 35);
  const to = expr.length <= 80 ? expr.length : Math.min(expr.length, Math.max(pos + 35, from + 70));
  const snippet = (from > 0 ? '…' : '') + expr.slice(from, to) + (to < expr.length ? '…' : '');
  const caret = ' '.repeat(pos - from + (from > 0 ? 1 : 0)) + '^'.repeat(Math.max(1, Math.min(length, to - pos)));
  throw new ValidationError(`${fn}: ${message} at position ${pos}${hint}\n  ${snippet}\n  ${caret}`, [
    { row: 0, path: ['expression', pos], reason: message, value },
  ]);
}

function tokenize(expr: string, fn: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = expr.length;
  while (i < n) {
    const c = expr[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const two = expr.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      out.push({ kind: two === '&&' ? 'and' : 'or', text: two, pos: i });
      i += 2;
      continue;
    }
    if (c === '!' || c === ',' || c === '(' || c === ')') {
      out.push({ kind: c === '!' ? 'not' : c === ',' ? 'comma' : c === '(' ? 'lparen' : 'rparen', text: c, pos: i });
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_.-]/.test(expr[j]!)) j++;
      const text = expr.slice(i, j);
      const low = text.toLowerCase();
      out.push({ kind: low === 'and' ? 'and' : low === 'or' ? 'or' : low === 'not' ? 'not' : 'tag', text, pos: i });
      i = j;
      continue;
    }
    const hint = c === '&' || c === '|' ? ` (did you mean '${c}${c}'?)` : '';
    fail(fn, expr, i, 1, `unexpected character '${c}'${hint}`, c);
  }
  out.push({ kind: 'end', text: '', pos: n });
  return out;
}

const WHAT: Record<TokKind, string> = {
  tag: 'tag name',
  and: 'AND',
  or: 'OR',
  not: 'NOT',
  comma: "','",
  lparen: "'('",
  rparen: "')'",
  end: 'end of expression',
};

/**
 * Parses an audience expression such as
 * `high_consumption AND (travel_enthusiast OR business_traveller) AND NOT churn_risk` into an
 * AST. Also `&&`, `||`, `!`, and the comma list `a,b` (= AND, lowest precedence). Precedence:
 * NOT > AND > OR > comma. Errors give the position, a caret under the mistake, and for an
 * unknown tag the nearest known name (Levenshtein distance).
 *
 * @param expr - the expression text
 * @param tagIds - known tag ids; names are checked against them (omit to skip the check)
 * @param options - see {@link ParseAudienceOptions}
 * @param options.maxDepth - deepest nesting of parentheses and NOTs (default 256, capped at
 *   {@link AUDIENCE_DEPTH_CEILING} = 1000)
 * @returns the AST (`and`/`or` nodes are n-ary)
 * @throws ValidationError on a syntax error, an unknown tag, nesting past `maxDepth` (or past the
 *   ceiling: 1000 parentheses/NOTs, or 1000 AND/OR/NOT nodes on a path of the AST), or a
 *   `maxDepth` that is not a positive integer; `issues[0].path` is `['expression', position]`
 * @example
 * parseAudience('a, b OR NOT c').type // => 'and'
 * @category Tags
 */
export function parseAudience(expr: string, tagIds?: readonly string[], options: ParseAudienceOptions = {}): AudienceNode {
  return parseAudienceAs(expr, tagIds, options, 'parseAudience');
}

/** {@link parseAudience} with the public function name to start error messages with. */
export function parseAudienceAs(expr: string, tagIds: readonly string[] | undefined, options: ParseAudienceOptions, fn: string): AudienceNode {
  if (typeof expr !== 'string') throw new ValidationError(`${fn}: the expression must be a string`, [
    { row: 0, path: ['expression'], reason: 'not a string', value: expr },
  ]);
  const asked = options.maxDepth ?? 256;
  if (!(asked >= 1) || !(Number.isInteger(asked) || asked === Infinity)) {
    throw new ValidationError(`${fn}: maxDepth must be a positive integer, got ${asked}`, [
      { row: 0, path: ['options', 'maxDepth'], reason: 'not a positive integer', value: asked },
    ]);
  }
  const maxDepth = Math.min(asked, AUDIENCE_DEPTH_CEILING);
  const capped = asked > AUDIENCE_DEPTH_CEILING ? ` (maxDepth ${asked} is capped at ${AUDIENCE_DEPTH_CEILING} to stay clear of the call-stack limit)` : '';
  const known = tagIds === undefined ? undefined : new Set(tagIds);
  const toks = tokenize(expr, fn);
  if (toks.length === 1) fail(fn, expr, 0, 1, 'empty expression: expected a tag name', '');
  let k = 0;
  let depth = 0;
  const peek = (): Token => toks[k]!;
  const expected = (what: string): never => {
    const t = peek();
    return fail(fn, expr, t.pos, Math.max(1, t.text.length), `expected ${what}, found ${t.kind === 'tag' ? `'${t.text}'` : WHAT[t.kind]}`, t.text);
  };
  const enter = (t: Token): void => {
    if (++depth > maxDepth) fail(fn, expr, t.pos, 1, `expression nested deeper than ${maxDepth} levels${capped}`, t.text);
  };
  const list = (): AudienceNode => {
    const pos = peek().pos;
    const items = [or()];
    while (peek().kind === 'comma') {
      k++;
      items.push(or());
    }
    return items.length === 1 ? items[0]! : { type: 'and', operands: items, position: pos };
  };
  const or = (): AudienceNode => {
    const pos = peek().pos;
    const items = [and()];
    while (peek().kind === 'or') {
      k++;
      items.push(and());
    }
    return items.length === 1 ? items[0]! : { type: 'or', operands: items, position: pos };
  };
  const and = (): AudienceNode => {
    const pos = peek().pos;
    const items = [unary()];
    while (peek().kind === 'and') {
      k++;
      items.push(unary());
    }
    return items.length === 1 ? items[0]! : { type: 'and', operands: items, position: pos };
  };
  const unary = (): AudienceNode => {
    const t = peek();
    if (t.kind === 'not') {
      enter(t);
      k++;
      const operand = unary();
      depth--;
      return { type: 'not', operand, position: t.pos };
    }
    return primary();
  };
  const primary = (): AudienceNode => {
    const t = peek();
    if (t.kind === 'tag') {
      k++;
      if (known && !known.has(t.text)) {
        const near = nearestName(t.text, known);
        fail(fn, expr, t.pos, t.text.length, `unknown tag '${t.text}'`, t.text, near ? `; did you mean '${near}'?` : '');
      }
      return { type: 'tag', name: t.text, position: t.pos };
    }
    if (t.kind === 'lparen') {
      enter(t);
      k++;
      const inner = list();
      if (peek().kind !== 'rparen') {
        const p = peek();
        fail(fn, expr, p.pos, Math.max(1, p.text.length), `expected ')' to close '(' at position ${t.pos}, found ${p.kind === 'tag' ? `'${p.text}'` : WHAT[p.kind]}`, p.text);
      }
      k++;
      depth--;
      return inner;
    }
    return expected('a tag name, NOT or (');
  };
  const ast = list();
  if (peek().kind !== 'end') {
    const t = peek();
    if (t.kind === 'rparen') fail(fn, expr, t.pos, 1, "unmatched ')'", t.text);
    expected('AND, OR, \',\' or the end of the expression');
  }
  // parentheses can add up to three AND/OR levels each: check the tree the evaluator will walk
  checkAudienceAst(ast, fn);
  return ast;
}
