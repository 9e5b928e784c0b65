/**
 * `queryAudience` and `countAudience`: evaluate an audience expression over a {@link TagIndex},
 * word-wise over the tag bitsets.
 *
 * @module
 */
import { DataError, ValidationError } from '../errors.js';
import { lastWordMask, popcount32 } from '../internal/bitset.js';
import { createRng } from '../internal/rng.js';
import { checkAudienceAst, nearestName, parseAudienceAs } from './parse-audience.js';
import type { AudienceNode } from './parse-audience.js';
import type { TagIndex } from './tag-index.js';

/** Options of {@link queryAudience}. @category Tags */
export interface QueryAudienceOptions {
  /** Most ids to return (default: all). */
  limit?: number;
  /** Ids to skip first, for paging (default 0). */
  offset?: number;
  /** Draw this many matching subscribers uniformly without replacement (seeded), then page through them. */
  sample?: number;
  /** Seed of the sample (default 0). */
  seed?: number;
}

/** The answer of {@link queryAudience}. @category Tags */
export interface AudienceResult {
  /** Matching subscriber ids in index order (after sampling, offset and limit). */
  readonly ids: string[];
  /** Their row positions in the index. */
  readonly rows: Int32Array;
  /** Number of subscribers matching the expression (before sampling, offset and limit). */
  readonly total: number;
}

/** Words per evaluation block: small enough that the working buffers stay in cache. */
const BLOCK = 2048;

/**
 * A compiled expression: tag nodes resolved to bitsets; every non-tag node that is an operand of
 * an AND/OR (or under a NOT) owns a scratch block buffer.
 */
type Compiled =
  | { readonly type: 'tag'; readonly bits: Uint32Array }
  | { readonly type: 'not'; readonly operand: Compiled; readonly buf: Uint32Array }
  | { readonly type: 'and' | 'or'; readonly operands: readonly Compiled[]; readonly buf: Uint32Array };

function compile(node: AudienceNode, index: TagIndex, fn: string): Compiled {
  switch (node.type) {
    case 'tag': {
      const t = index.tagIds.indexOf(node.name);
      if (t < 0) {
        const near = nearestName(node.name, index.tagIds);
        throw new ValidationError(`${fn}: unknown tag '${node.name}' at position ${node.position}${near ? `; did you mean '${near}'?` : ''}`, [
          { row: 0, path: ['expression', node.position], reason: `unknown tag '${node.name}'`, value: node.name },
        ]);
      }
      return { type: 'tag', bits: index.bitsets[t]! };
    }
    case 'not':
      return { type: 'not', operand: compile(node.operand, index, fn), buf: new Uint32Array(BLOCK) };
    default:
      return { type: node.type, operands: node.operands.map((o) => compile(o, index, fn)), buf: new Uint32Array(BLOCK) };
  }
}

/** An operand read word by word: `src[base + i] ^ inv` (inv = -1 negates). */
interface Operand {
  readonly src: Uint32Array;
  readonly base: number;
  readonly inv: number;
}

/** out[i] = op over up to 4 operands, in one loop (AND when `isAnd`, else OR). */
function combine(isAnd: boolean, o: readonly Operand[], len: number, out: Uint32Array): void {
  const A = o[0]!;
  const a = A.src;
  const ab = A.base;
  const am = A.inv;
  if (o.length === 1) {
    for (let i = 0; i < len; i++) out[i] = a[ab + i]! ^ am;
    return;
  }
  const B = o[1]!;
  const b = B.src;
  const bb = B.base;
  const bm = B.inv;
  if (o.length === 2) {
    if (isAnd) for (let i = 0; i < len; i++) out[i] = (a[ab + i]! ^ am) & (b[bb + i]! ^ bm);
    else for (let i = 0; i < len; i++) out[i] = (a[ab + i]! ^ am) | (b[bb + i]! ^ bm);
    return;
  }
  const C = o[2]!;
  const c = C.src;
  const cb = C.base;
  const cm = C.inv;
  if (o.length === 3) {
    if (isAnd) for (let i = 0; i < len; i++) out[i] = (a[ab + i]! ^ am) & (b[bb + i]! ^ bm) & (c[cb + i]! ^ cm);
    else for (let i = 0; i < len; i++) out[i] = (a[ab + i]! ^ am) | (b[bb + i]! ^ bm) | (c[cb + i]! ^ cm);
    return;
  }
  const D = o[3]!;
  const d = D.src;
  const db = D.base;
  const dm = D.inv;
  if (isAnd) for (let i = 0; i < len; i++) out[i] = (a[ab + i]! ^ am) & (b[bb + i]! ^ bm) & (c[cb + i]! ^ cm) & (d[db + i]! ^ dm);
  else for (let i = 0; i < len; i++) out[i] = (a[ab + i]! ^ am) | (b[bb + i]! ^ bm) | (c[cb + i]! ^ cm) | (d[db + i]! ^ dm);
}

/** Popcount of op over up to 4 operands, in one loop, without writing the words. */
function countCombine(isAnd: boolean, o: readonly Operand[], len: number): number {
  let s = 0;
  const A = o[0]!;
  const a = A.src;
  const ab = A.base;
  const am = A.inv;
  if (o.length === 1) {
    for (let i = 0; i < len; i++) s += popcount32(a[ab + i]! ^ am);
    return s;
  }
  const B = o[1]!;
  const b = B.src;
  const bb = B.base;
  const bm = B.inv;
  if (o.length === 2) {
    if (isAnd) for (let i = 0; i < len; i++) s += popcount32((a[ab + i]! ^ am) & (b[bb + i]! ^ bm));
    else for (let i = 0; i < len; i++) s += popcount32((a[ab + i]! ^ am) | (b[bb + i]! ^ bm));
    return s;
  }
  const C = o[2]!;
  const c = C.src;
  const cb = C.base;
  const cm = C.inv;
  if (o.length === 3) {
    if (isAnd) for (let i = 0; i < len; i++) s += popcount32((a[ab + i]! ^ am) & (b[bb + i]! ^ bm) & (c[cb + i]! ^ cm));
    else for (let i = 0; i < len; i++) s += popcount32((a[ab + i]! ^ am) | (b[bb + i]! ^ bm) | (c[cb + i]! ^ cm));
    return s;
  }
  const D = o[3]!;
  const d = D.src;
  const db = D.base;
  const dm = D.inv;
  if (isAnd) for (let i = 0; i < len; i++) s += popcount32((a[ab + i]! ^ am) & (b[bb + i]! ^ bm) & (c[cb + i]! ^ cm) & (d[db + i]! ^ dm));
  else for (let i = 0; i < len; i++) s += popcount32((a[ab + i]! ^ am) | (b[bb + i]! ^ bm) | (c[cb + i]! ^ cm) | (d[db + i]! ^ dm));
  return s;
}

/** Zero words, the neutral operand (AND: read with inv -1 = all ones; OR: inv 0). */
const ZERO = new Uint32Array(BLOCK);

/** A tag or NOT tag: readable in place. */
function isLeaf(c: Compiled): boolean {
  return c.type === 'tag' || (c.type === 'not' && c.operand.type === 'tag');
}

/**
 * Popcount of `outer(pair, o0, o1, o2)` where pair = `inner(p0, p1)`, in one loop: the shape
 * of conjunctions of small disjunctions (`a AND (b OR c) AND NOT d`), so the inner OR is not
 * written to a buffer first.
 */
function countWithPair(outerAnd: boolean, innerAnd: boolean, p: readonly Operand[], o: readonly Operand[], len: number): number {
  const neutral: Operand = { src: ZERO, base: 0, inv: outerAnd ? -1 : 0 };
  const [P, Q] = p as [Operand, Operand];
  const [A, B, C] = [o[0] ?? neutral, o[1] ?? neutral, o[2] ?? neutral];
  const ps = P.src, pb = P.base, pm = P.inv, qs = Q.src, qb = Q.base, qm = Q.inv;
  const as = A.src, ab = A.base, am = A.inv, bs = B.src, bb = B.base, bm = B.inv, cs = C.src, cb = C.base, cm = C.inv;
  let s = 0;
  if (outerAnd && !innerAnd && o.length <= 2) {
    // the commonest shape, `a AND (b OR c) AND NOT d`: four reads per word, over block views
    const pv = ps.subarray(pb, pb + len);
    const qv = qs.subarray(qb, qb + len);
    const av = as.subarray(ab, ab + len);
    const bv = bs.subarray(bb, bb + len);
    for (let i = 0; i < len; i++) s += popcount32(((pv[i]! ^ pm) | (qv[i]! ^ qm)) & (av[i]! ^ am) & (bv[i]! ^ bm));
    return s;
  }
  if (outerAnd) {
    if (innerAnd) for (let i = 0; i < len; i++) s += popcount32((ps[pb + i]! ^ pm) & (qs[qb + i]! ^ qm) & (as[ab + i]! ^ am) & (bs[bb + i]! ^ bm) & (cs[cb + i]! ^ cm));
    else for (let i = 0; i < len; i++) s += popcount32(((ps[pb + i]! ^ pm) | (qs[qb + i]! ^ qm)) & (as[ab + i]! ^ am) & (bs[bb + i]! ^ bm) & (cs[cb + i]! ^ cm));
  } else if (innerAnd) {
    for (let i = 0; i < len; i++) s += popcount32(((ps[pb + i]! ^ pm) & (qs[qb + i]! ^ qm)) | (as[ab + i]! ^ am) | (bs[bb + i]! ^ bm) | (cs[cb + i]! ^ cm));
  } else {
    for (let i = 0; i < len; i++) s += popcount32((ps[pb + i]! ^ pm) | (qs[qb + i]! ^ qm) | (as[ab + i]! ^ am) | (bs[bb + i]! ^ bm) | (cs[cb + i]! ^ cm));
  }
  return s;
}

/**
 * Popcount of `c` over the block: the last pass of the expression counts instead of writing.
 * Only for blocks whose last word needs no mask (the caller handles the final block).
 */
function countBlock(c: Compiled, w0: number, len: number, out: Uint32Array): number {
  if (c.type === 'tag') return countCombine(true, [{ src: c.bits, base: w0, inv: 0 }], len);
  if (c.type === 'not') {
    const o = operandOf(c.operand, w0, len);
    return countCombine(true, [{ src: o.src, base: o.base, inv: ~o.inv }], len);
  }
  const isAnd = c.type === 'and';
  if (c.operands.length <= 4) {
    const complex = c.operands.filter((o) => !isLeaf(o));
    const pair = complex[0];
    if (complex.length === 1 && pair !== undefined && (pair.type === 'and' || pair.type === 'or') && pair.operands.length === 2 && pair.operands.every(isLeaf)) {
      const inner = pair.operands.map((o) => operandOf(o, w0, len));
      const others = c.operands.filter((o) => o !== pair).map((o) => operandOf(o, w0, len));
      return countWithPair(isAnd, pair.type === 'and', inner, others, len);
    }
  }
  const ops = c.operands.map((o) => operandOf(o, w0, len));
  if (ops.length <= 4) return countCombine(isAnd, ops, len);
  combine(isAnd, ops.slice(0, 4), len, out);
  const self: Operand = { src: out, base: 0, inv: 0 };
  let k = 4;
  for (; k + 3 < ops.length; k += 3) combine(isAnd, [self, ...ops.slice(k, k + 3)], len, out);
  return countCombine(isAnd, [self, ...ops.slice(k)], len);
}

/** The operand reading node `c` over the block starting at word `w0` (evaluating it first if needed). */
function operandOf(c: Compiled, w0: number, len: number): Operand {
  if (c.type === 'tag') return { src: c.bits, base: w0, inv: 0 };
  if (c.type === 'not' && c.operand.type === 'tag') return { src: c.operand.bits, base: w0, inv: -1 };
  evalBlock(c, w0, len, c.buf);
  return { src: c.buf, base: 0, inv: 0 };
}

/**
 * Evaluates `c` over words [w0, w0 + len) into `out[0..len)`. Tags and NOT tags are read straight
 * from their bitsets; an AND/OR combines up to four operands per pass over the block.
 */
function evalBlock(c: Compiled, w0: number, len: number, out: Uint32Array): void {
  if (c.type === 'tag') {
    out.set(c.bits.subarray(w0, w0 + len));
    return;
  }
  if (c.type === 'not') {
    const o = operandOf(c.operand, w0, len);
    combine(true, [{ src: o.src, base: o.base, inv: ~o.inv }], len, out);
    return;
  }
  const isAnd = c.type === 'and';
  const ops = c.operands.map((o) => operandOf(o, w0, len));
  combine(isAnd, ops.slice(0, 4), len, out);
  const self: Operand = { src: out, base: 0, inv: 0 };
  for (let k = 4; k < ops.length; k += 3) combine(isAnd, [self, ...ops.slice(k, k + 3)], len, out);
}

function prepare(index: TagIndex, expression: string | AudienceNode, fn: string): { c: Compiled; words: number; mask: number } {
  let ast: AudienceNode;
  if (typeof expression === 'string') ast = parseAudienceAs(expression, index.tagIds, {}, fn);
  else {
    // an AST given directly has not been through the parser's depth limit: compile and the block
    // evaluation recurse once per level
    checkAudienceAst(expression, fn);
    ast = expression;
  }
  return { c: compile(ast, index, fn), words: (index.nRows + 31) >>> 5, mask: lastWordMask(index.nRows) };
}

/**
 * The bitset of the subscribers matching an expression (internal; also used by the geo-fence).
 */
export function audienceBits(index: TagIndex, expression: string | AudienceNode, fn: string): Uint32Array {
  const { c, words, mask } = prepare(index, expression, fn);
  const out = new Uint32Array(words);
  for (let w0 = 0; w0 < words; w0 += BLOCK) {
    const len = Math.min(BLOCK, words - w0);
    evalBlock(c, w0, len, out.subarray(w0, w0 + len));
  }
  if (words > 0) out[words - 1] = out[words - 1]! & mask;
  return out;
}

/**
 * Counts the subscribers matching an audience expression, without building the id list: the
 * expression is evaluated block by block over the bitset words (AND/OR/NOT word-wise, the last
 * word masked) and popcounted.
 *
 * @param index - from {@link evaluateTags}
 * @param expression - an expression (see {@link parseAudience}) or its AST
 * @returns the number of matching subscribers
 * @throws ValidationError on a syntax error, an unknown tag (with the nearest name), or an
 *   expression (text or AST) nested past {@link AUDIENCE_DEPTH_CEILING}
 * @example
 * const index = evaluateTags(
 *   { tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] },
 *   [{ id: 'a', bill: 120 }, { id: 'b', bill: 80 }],
 * );
 * countAudience(index, 'NOT big') // => 1
 * @category Tags
 */
export function countAudience(index: TagIndex, expression: string | AudienceNode): number {
  const { c, words, mask } = prepare(index, expression, 'countAudience');
  const out = new Uint32Array(BLOCK);
  let total = 0;
  for (let w0 = 0; w0 < words; w0 += BLOCK) {
    const len = Math.min(BLOCK, words - w0);
    if (w0 + len < words || mask === 0xffffffff) {
      total += countBlock(c, w0, len, out);
      continue;
    }
    evalBlock(c, w0, len, out);
    out[len - 1] = out[len - 1]! & mask;
    for (let i = 0; i < len; i++) total += popcount32(out[i]!);
  }
  return total;
}

/**
 * Selects the subscribers matching an audience expression: ids in index order (deterministic),
 * with the total count. `sample` draws that many matches uniformly without replacement (Floyd's
 * algorithm, seeded), kept in index order; `offset` and `limit` then page through the result.
 *
 * @param index - from {@link evaluateTags}
 * @param expression - e.g. `high_consumption AND (travel_enthusiast OR business_traveller) AND NOT churn_risk`, or `a,b`
 * @param options - see {@link QueryAudienceOptions}
 * @param options.limit - most ids to return
 * @param options.offset - ids to skip (default 0)
 * @param options.sample - draw this many matches at random (seeded)
 * @param options.seed - seed of the sample (default 0)
 * @returns `{ ids, rows, total }`
 * @throws ValidationError on a syntax error, an unknown tag, or an expression (text or AST)
 *   nested past {@link AUDIENCE_DEPTH_CEILING}
 * @throws DataError for a negative or fractional limit, offset or sample
 * @example
 * const index = evaluateTags(
 *   { tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] },
 *   [{ id: 'a', bill: 120 }, { id: 'b', bill: 180 }, { id: 'c', bill: 80 }],
 * );
 * queryAudience(index, 'big', { limit: 1 }) // => { ids: ['a'], rows: Int32Array [0], total: 2 }
 * @category Tags
 */
export function queryAudience(index: TagIndex, expression: string | AudienceNode, options: QueryAudienceOptions = {}): AudienceResult {
  const fn = 'queryAudience';
  for (const key of ['limit', 'offset', 'sample'] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new DataError(`${fn}: ${key} must be a non-negative integer, got ${v}`);
  }
  const offset = options.offset ?? 0;
  const limit = options.limit ?? Infinity;
  let rows: Int32Array;
  let total = 0;
  if (options.sample === undefined) {
    // one block-wise pass: count everything, collect the rows of the page
    const { c, words, mask } = prepare(index, expression, fn);
    const out = new Uint32Array(BLOCK);
    const picked: number[] = [];
    const end = offset + limit;
    for (let w0 = 0; w0 < words; w0 += BLOCK) {
      const len = Math.min(BLOCK, words - w0);
      const last = w0 + len === words;
      if (!last || mask === 0xffffffff) {
        // count first (one fused pass); write the words only when the page meets this block
        const k = countBlock(c, w0, len, out);
        if (total + k <= offset || total >= end) {
          total += k;
          continue;
        }
      }
      evalBlock(c, w0, len, out);
      if (last) out[len - 1] = out[len - 1]! & mask;
      for (let i = 0; i < len; i++) {
        let x = out[i]!;
        if (x === 0) continue;
        const pc = popcount32(x);
        if (total + pc > offset && total < end) {
          let rank = total;
          while (x !== 0 && rank < end) {
            const t = x & -x;
            if (rank >= offset) picked.push(((w0 + i) << 5) + (31 - Math.clz32(t)));
            rank++;
            x ^= t;
          }
        }
        total += pc;
      }
    }
    rows = Int32Array.from(picked);
  } else {
    const bits = audienceBits(index, expression, fn);
    for (let w = 0; w < bits.length; w++) total += popcount32(bits[w]!);
    // ranks (0-based positions among the matches) to return, ascending
    let ranks: Float64Array | undefined;
    let count: number;
    if (options.sample < total) {
      const k = options.sample;
      const rng = createRng(options.seed ?? 0);
      const chosen = new Set<number>();
      for (let j = total - k; j < total; j++) {
        const t = rng.int(j + 1);
        chosen.add(chosen.has(t) ? j : t);
      }
      ranks = Float64Array.from(chosen).sort();
      count = k;
    } else {
      count = total;
    }
    const from = Math.min(offset, count);
    const to = Math.min(count, from + limit);
    rows = new Int32Array(to - from);
    // walk the set bits once, picking the wanted ranks
    let rank = 0;
    let r = 0;
    let want = ranks ? ranks[from + r] : from + r;
    for (let w = 0; w < bits.length && r < rows.length; w++) {
      let x = bits[w]!;
      const pc = popcount32(x);
      if (want === undefined || rank + pc <= want) {
        rank += pc;
        continue;
      }
      while (x !== 0 && r < rows.length) {
        const t = x & -x;
        if (rank === want) {
          rows[r++] = (w << 5) + (31 - Math.clz32(t));
          want = ranks ? ranks[from + r] : from + r;
        }
        rank++;
        x ^= t;
      }
    }
  }
  const ids = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) ids[i] = index.ids[rows[i]!]!;
  return { ids, rows, total };
}
