/**
 * Internal: a tag catalogue as one boolean column per tag (never NULL: a missing value makes a
 * leaf false, as in `applyTagCatalogue`), quantile thresholds resolved to the fitted numbers, and
 * audience expressions as boolean columns over the tag columns.
 */
import { DataError, OptionsError } from '../errors.js';
import type { TagCatalogue, TagRule, TagScalar } from '../tags/catalogue.js';
import type { AudienceNode } from '../tags/parse-audience.js';
import { checkAudienceAst, parseAudienceAs } from '../tags/parse-audience.js';
import type { Chain } from './chain.js';
import { numberLiteral } from './dialect.js';

/** True when `x` looks like a tag catalogue (`{ tags: [...] }` without a model kind). */
export function isCatalogue(x: unknown): x is TagCatalogue {
  return typeof x === 'object' && x !== null && !('kind' in x) && Array.isArray((x as { tags?: unknown }).tags);
}

/** Adds one boolean column per tag, named by the tag id. */
export function tagsToSql(cat: TagCatalogue, chain: Chain, thresholds: Readonly<Record<string, number>> | undefined): void {
  const d = chain.d;
  const fn = chain.fn;
  // the fields a rule compares with text are read as text; every other field as a number with NaN as missing
  const numField = (f: string, who: string): string => {
    const x = `CAST(${chain.ref(f, who)} AS ${d.double})`;
    return `(CASE WHEN ${d.isNan(x)} THEN NULL ELSE ${x} END)`;
  };
  const scalar = (v: TagScalar, tagId: string, field: string): { text: boolean; sql: string } => {
    if (typeof v === 'string') return { text: true, sql: d.text(v) };
    if (typeof v === 'boolean') return { text: false, sql: v ? '1e0' : '0e0' };
    return { text: false, sql: numberLiteral(v, fn, `tag '${tagId}' threshold on '${field}'`) };
  };
  const leafTrue = (cond: string): string => `COALESCE(${cond}, FALSE)`;
  const rule = (r: TagRule, tagId: string, path: string): string => {
    const who = `tag '${tagId}'`;
    if ('all' in r) return `(${r.all.map((c, k) => rule(c, tagId, `${path}.all.${k}`)).join(' AND ')})`;
    if ('any' in r) return `(${r.any.map((c, k) => rule(c, tagId, `${path}.any.${k}`)).join(' OR ')})`;
    if ('not' in r) return `(NOT ${rule(r.not, tagId, `${path}.not`)})`;
    const f = r.field;
    if ('exists' in r) {
      const x = chain.ref(f, who);
      const t = chain.typeOf(f);
      const present = t === 'numeric' ? `${numField(f, who)} IS NOT NULL` : `${x} IS NOT NULL`;
      return r.exists ? `(${present})` : `(NOT (${present}))`;
    }
    if ('between' in r) {
      const x = numField(f, who);
      return leafTrue(`${x} BETWEEN ${numberLiteral(r.between[0], fn, `${who} between`)} AND ${numberLiteral(r.between[1], fn, `${who} between`)}`);
    }
    if ('in' in r) {
      const vals = r.in.map((v) => scalar(v, tagId, f));
      const text = vals.some((v) => v.text);
      if (text && vals.some((v) => !v.text)) throw new DataError(`${fn}: ${who} mixes text and numbers in 'in' on field '${f}'`);
      return leafTrue(`${text ? chain.ref(f, who) : numField(f, who)} IN (${vals.map((v) => v.sql).join(', ')})`);
    }
    let v: TagScalar;
    if ('quantile' in r) {
      const key = `${tagId}#${path}`;
      const q = thresholds && Object.hasOwn(thresholds, key) ? thresholds[key] : undefined;
      if (q === undefined) {
        throw new OptionsError(
          `${fn}: ${who} has a quantile threshold (${key}); pass \`thresholds\` from the TagIndex that applyTagCatalogue fitted on a sample`,
          'thresholds',
        );
      }
      if (Number.isNaN(q)) return 'FALSE';
      v = q;
    } else v = r.value;
    const s = scalar(v, tagId, f);
    const op = r.op === '==' ? '=' : r.op === '!=' ? '<>' : r.op;
    if (s.text && op !== '=' && op !== '<>') throw new DataError(`${fn}: ${who} uses '${r.op}' on text; ordered comparisons need numbers`);
    return leafTrue(`${s.text ? chain.ref(f, who) : numField(f, who)} ${op} ${s.sql}`);
  };
  const byId = new Map(cat.tags.map((t) => [t.id, t]));
  const memo = new Map<string, string>();
  const tagExpr = (id: string): string => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const t = byId.get(id)!;
    const children = cat.tags.filter((c) => c.parent === id).map((c) => tagExpr(c.id));
    const e = t.rule !== undefined ? rule(t.rule, id, 'rule') : children.length > 0 ? `(${children.join(' OR ')})` : 'FALSE';
    memo.set(id, e);
    return e;
  };
  chain.append(cat.tags.map((t) => ({ name: t.id, type: 'boolean' as const, expr: tagExpr(t.id) })));
}

/** Adds one boolean column per audience expression over the tag columns. */
export function audiencesToSql(audiences: Readonly<Record<string, string | AudienceNode>>, tagIds: readonly string[], chain: Chain): void {
  const fn = chain.fn;
  const items = Object.entries(audiences).map(([name, e]) => {
    let ast: AudienceNode;
    if (typeof e === 'string') ast = parseAudienceAs(e, tagIds, {}, fn);
    else {
      checkAudienceAst(e, fn);
      ast = e;
    }
    return { name, type: 'boolean' as const, expr: audienceSql(ast, chain, tagIds) };
  });
  chain.append(items);
}

/** The AST as SQL, iteratively (an AST may be deep; no recursion on its depth). */
function audienceSql(root: AudienceNode, chain: Chain, tagIds: readonly string[]): string {
  const done = new Map<AudienceNode, string>();
  const stack: [AudienceNode, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [n, expanded] = stack.pop()!;
    if (n.type === 'tag') {
      if (!tagIds.includes(n.name)) throw new DataError(`${chain.fn}: audience names tag '${n.name}', which the catalogue does not have`);
      done.set(n, chain.d.ident(n.name));
      continue;
    }
    const kids = n.type === 'not' ? [n.operand] : n.operands;
    if (!expanded) {
      stack.push([n, true]);
      for (const k of kids) stack.push([k, false]);
      continue;
    }
    const parts = kids.map((k) => done.get(k)!);
    done.set(n, n.type === 'not' ? `(NOT ${parts[0]})` : `(${parts.join(n.type === 'and' ? ' AND ' : ' OR ')})`);
  }
  return done.get(root)!;
}
