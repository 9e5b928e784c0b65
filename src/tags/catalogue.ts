/**
 * The tag catalogue: tags as data (JSON), validated with zod. A tag has an id, a label, a level,
 * an optional parent and an optional rule over profile fields; a tag without a rule is a category
 * (level 1 "consumption power") and holds whoever holds one of its children.
 *
 * @module
 */
import * as z from 'zod';
import { ValidationError } from '../errors.js';
import type { ValidationIssue } from '../errors.js';

/** Comparison operators a rule may use. @category Tags */
export type TagComparisonOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A scalar a rule compares a field with. @category Tags */
export type TagScalar = number | string | boolean;

/**
 * A rule over profile fields. Leaves name one `field`:
 * - `{ field, op, value }` compares (`>`, `>=`, `<`, `<=` need a number; `==`, `!=` take a number,
 *   string or boolean);
 * - `{ field, op, quantile }` compares with the field's `quantile` (0..1) over the evaluated
 *   population (`{ field: 'dataMB', op: '>=', quantile: 0.9 }` is "top 10 % of data use");
 * - `{ field, between: [lo, hi] }` (both ends included), `{ field, in: [...] }`,
 *   `{ field, exists: true | false }`.
 *
 * Combinators: `{ all: [...] }` (AND), `{ any: [...] }` (OR), `{ not: rule }`.
 * A missing value (null, undefined, NaN) makes every leaf false except `exists: false`.
 * @category Tags
 */
export type TagRule =
  | { readonly field: string; readonly op: TagComparisonOp; readonly value: TagScalar }
  | { readonly field: string; readonly op: '>' | '>=' | '<' | '<='; readonly quantile: number }
  | { readonly field: string; readonly between: readonly [number, number] }
  | { readonly field: string; readonly in: readonly TagScalar[] }
  | { readonly field: string; readonly exists: boolean }
  | { readonly all: readonly TagRule[] }
  | { readonly any: readonly TagRule[] }
  | { readonly not: TagRule };

/** The largest nesting depth of a rule (all/any/not). */
const MAX_RULE_DEPTH = 64;
const ORDERED = new Set(['>', '>=', '<', '<=']);
const OPS = new Set(['>', '>=', '<', '<=', '==', '!=']);

function describe(v: unknown): string {
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return `${typeof v} ${typeof v === 'object' ? '' : String(v)}`.trim();
}

function isScalar(v: unknown): v is TagScalar {
  return (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' || typeof v === 'boolean';
}

/** Checks one rule; pushes `[path, message]` problems. */
function checkRule(rule: unknown, path: (string | number)[], depth: number, out: [(string | number)[], string][]): void {
  if (depth > MAX_RULE_DEPTH) {
    out.push([path, `rule nested deeper than ${MAX_RULE_DEPTH} levels`]);
    return;
  }
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
    out.push([path, `a rule must be an object, got ${describe(rule)}`]);
    return;
  }
  const r = rule as Record<string, unknown>;
  const keys = Object.keys(r);
  const combinator = ['all', 'any', 'not'].filter((k) => k in r);
  if (combinator.length > 0) {
    if (keys.length !== 1) {
      out.push([path, `a combinator rule has exactly one key ('all', 'any' or 'not'), got ${keys.map((k) => `'${k}'`).join(', ')}`]);
      return;
    }
    const k = combinator[0]!;
    if (k === 'not') {
      checkRule(r.not, [...path, 'not'], depth + 1, out);
      return;
    }
    const list = r[k];
    if (!Array.isArray(list) || list.length === 0) {
      out.push([[...path, k], `'${k}' needs a non-empty array of rules`]);
      return;
    }
    list.forEach((c, i) => checkRule(c, [...path, k, i], depth + 1, out));
    return;
  }
  if (typeof r.field !== 'string' || r.field.length === 0) {
    out.push([path, `a rule needs a 'field' (a profile field name) or one of 'all', 'any', 'not'`]);
    return;
  }
  const forms = ['op', 'between', 'in', 'exists'].filter((k) => k in r);
  if (forms.length !== 1) {
    out.push([path, `rule on '${r.field}' needs exactly one of 'op', 'between', 'in', 'exists'`]);
    return;
  }
  const form = forms[0]!;
  const allowed =
    form === 'op' ? ['field', 'op', 'value' in r ? 'value' : 'quantile'] : ['field', form];
  const extra = keys.filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    out.push([path, `rule on '${r.field}' has unexpected key(s) ${extra.map((k) => `'${k}'`).join(', ')}`]);
    return;
  }
  if (form === 'op') {
    const op = r.op;
    if (typeof op !== 'string' || !OPS.has(op)) {
      out.push([[...path, 'op'], `unknown operator ${JSON.stringify(op)} (use >, >=, <, <=, ==, !=)`]);
      return;
    }
    if ('quantile' in r) {
      const q = r.quantile;
      if (!ORDERED.has(op)) out.push([[...path, 'op'], `a quantile threshold needs >, >=, < or <=, got '${op}'`]);
      if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
        out.push([[...path, 'quantile'], `quantile must be a number in 0..1, got ${describe(q)}`]);
      }
      return;
    }
    if (!('value' in r)) {
      out.push([path, `rule '${r.field} ${op}' needs a 'value' or a 'quantile'`]);
      return;
    }
    const v = r.value;
    if (ORDERED.has(op)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        out.push([[...path, 'value'], `operator '${op}' on '${r.field}' needs a finite number threshold, got ${describe(v)}`]);
      }
    } else if (!isScalar(v)) {
      out.push([[...path, 'value'], `operator '${op}' on '${r.field}' needs a number, string or boolean, got ${describe(v)}`]);
    }
    return;
  }
  if (form === 'between') {
    const b = r.between;
    if (!Array.isArray(b) || b.length !== 2 || !b.every((x) => typeof x === 'number' && !Number.isNaN(x))) {
      out.push([[...path, 'between'], `'between' on '${r.field}' needs [low, high] numbers, got ${JSON.stringify(b)}`]);
    } else if ((b[0] as number) > (b[1] as number)) {
      out.push([[...path, 'between'], `'between' on '${r.field}' has low ${b[0]} above high ${b[1]}`]);
    }
    return;
  }
  if (form === 'in') {
    const list = r.in;
    if (!Array.isArray(list) || list.length === 0 || !list.every(isScalar)) {
      out.push([[...path, 'in'], `'in' on '${r.field}' needs a non-empty array of numbers, strings or booleans`]);
    }
    return;
  }
  if (typeof r.exists !== 'boolean') {
    out.push([[...path, 'exists'], `'exists' on '${r.field}' must be true or false, got ${describe(r.exists)}`]);
  }
}

/**
 * The zod schema of one rule; its errors name the offending key and say what was expected.
 * @category Tags
 */
export const TagRuleSchema = /* @__PURE__ */ (() => z.custom<TagRule>().superRefine((v, ctx) => {
  const problems: [(string | number)[], string][] = [];
  checkRule(v, [], 0, problems);
  for (const [path, message] of problems) ctx.addIssue({ code: 'custom', path, message });
}))();

/** Tag ids are identifiers usable in audience expressions (letters, digits, `_`, `.`, `-`). */
const TAG_ID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const KEYWORDS = new Set(['and', 'or', 'not']);

/** The zod schema of one tag. @category Tags */
export const TagDefinitionSchema = /* @__PURE__ */ (() => z
  .object({
    /** Identifier used in audience expressions, e.g. `high_consumption`. */
    id: z
      .string()
      .regex(TAG_ID, 'a tag id starts with a letter or _ and holds only letters, digits, _, . and -')
      .refine((s) => !KEYWORDS.has(s.toLowerCase()), 'AND, OR and NOT are reserved words'),
    /** Human-readable name. */
    label: z.string(),
    /** Level in the tag tree: 1 for the roots (consumption power, interest, lifecycle). */
    level: z.number().int().min(1),
    /** The parent tag's id (absent for roots). */
    parent: z.string().optional(),
    /** When a subscriber holds this tag; absent for a category (the union of its children). */
    rule: TagRuleSchema.optional(),
    /** Longer explanation for users. */
    description: z.string().optional(),
  })
  .strict())();

/** One tag of a catalogue. @category Tags */
export type TagDefinition = z.infer<typeof TagDefinitionSchema>;

function catalogueIssues(tags: readonly TagDefinition[]): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const at = new Map<string, number>();
  tags.forEach((t, i) => {
    const prev = at.get(t.id);
    if (prev !== undefined) out.push({ path: ['tags', i, 'id'], message: `duplicate tag id '${t.id}' (also tags[${prev}])` });
    else at.set(t.id, i);
  });
  const children = new Map<string, number>();
  tags.forEach((t, i) => {
    if (t.parent === undefined) return;
    const p = at.get(t.parent);
    if (p === undefined) {
      out.push({ path: ['tags', i, 'parent'], message: `tag '${t.id}' names unknown parent '${t.parent}'` });
      return;
    }
    children.set(t.parent, (children.get(t.parent) ?? 0) + 1);
    if (t.parent === t.id) out.push({ path: ['tags', i, 'parent'], message: `tag '${t.id}' is its own parent` });
  });
  // cycles: follow each chain; a chain longer than the number of tags, or revisiting a tag, is a cycle
  const reported = new Set<string>();
  tags.forEach((t, i) => {
    const chain = [t.id];
    const seen = new Set(chain);
    let cur = t;
    while (cur.parent !== undefined && at.has(cur.parent) && cur.parent !== cur.id) {
      if (seen.has(cur.parent)) {
        const loop = chain.slice(chain.indexOf(cur.parent));
        const key = [...loop].sort().join(' ');
        if (!reported.has(key)) {
          reported.add(key);
          out.push({ path: ['tags', i, 'parent'], message: `tag '${t.id}' has cyclic parent links: ${[...loop, cur.parent].join(' → ')}` });
        }
        break;
      }
      chain.push(cur.parent);
      seen.add(cur.parent);
      cur = tags[at.get(cur.parent)!]!;
    }
  });
  tags.forEach((t, i) => {
    if (t.rule === undefined && !children.has(t.id)) {
      out.push({ path: ['tags', i, 'rule'], message: `tag '${t.id}' has no rule and no children (a tag without a rule is the union of its children)` });
    }
    if (t.parent !== undefined) {
      const p = at.get(t.parent);
      if (p !== undefined && tags[p]!.level >= t.level) {
        out.push({ path: ['tags', i, 'level'], message: `tag '${t.id}' has level ${t.level}, not deeper than its parent '${t.parent}' (level ${tags[p]!.level})` });
      }
    }
  });
  return out;
}

/**
 * The zod schema of a tag catalogue: `{ tags: TagDefinition[] }` with unique ids, known parents,
 * no cyclic parent links, children deeper than their parents and rule thresholds of the right type.
 * @category Tags
 */
export const TagCatalogueSchema = /* @__PURE__ */ (() => z
  .object({
    /** Catalogue format version (1). */
    version: z.literal(1).optional(),
    /** The tags, parents before or after their children (order is kept for display). */
    tags: z.array(TagDefinitionSchema),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const { path, message } of catalogueIssues(c.tags)) ctx.addIssue({ code: 'custom', path, message });
  }))();

/** A validated tag catalogue. @category Tags */
export type TagCatalogue = z.infer<typeof TagCatalogueSchema>;

/**
 * Validates a tag catalogue (an object or JSON text) and returns it typed. Errors name the tag
 * and the offending key: `parseTagCatalogue: tag 'heavy_data' (tags[3].rule.op): operator '>' on 'dataMB' needs a finite number threshold, got string "5000"`.
 *
 * @param input - the catalogue as a plain object or JSON text
 * @returns the catalogue, typed
 * @throws ValidationError listing every problem (`issues[k].path` is the path inside the catalogue)
 * @example
 * parseTagCatalogue({ tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'monthlyBill', op: '>', value: 100 } }] }).tags.length // => 1
 * @category Tags
 */
export function parseTagCatalogue(input: unknown): TagCatalogue {
  return checkCatalogue(input, 'parseTagCatalogue');
}

/** Validation shared by the public functions that take a catalogue. */
export function checkCatalogue(input: unknown, fn: string): TagCatalogue {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw new ValidationError(`${fn}: catalogue is not valid JSON (${(e as Error).message})`, [
        { row: 0, path: [], reason: 'invalid JSON', value: input.slice(0, 200) },
      ]);
    }
  }
  const parsed = TagCatalogueSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const tags = (raw as { tags?: unknown } | null)?.tags;
  const issues: ValidationIssue[] = parsed.error.issues.map((iss) => {
    const path = iss.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    let value: unknown = raw;
    for (const p of path) value = (value as Record<string | number, unknown> | undefined)?.[p];
    return { row: typeof path[1] === 'number' ? path[1] : 0, path, reason: iss.message, value };
  });
  const lines = issues.slice(0, 10).map((iss) => {
    const p = iss.path;
    if (p[0] === 'tags' && typeof p[1] === 'number') {
      const id = Array.isArray(tags) ? (tags[p[1]] as { id?: unknown } | undefined)?.id : undefined;
      const rest = p.slice(2).map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
      return `tag ${typeof id === 'string' ? `'${id}'` : `#${p[1]}`} (tags[${p[1]}]${rest}): ${iss.reason}`;
    }
    return `${p.join('.') || '(root)'}: ${iss.reason}`;
  });
  const more = issues.length > 10 ? `; and ${issues.length - 10} more` : '';
  throw new ValidationError(`${fn}: invalid tag catalogue: ${lines.join('; ')}${more}`, issues);
}
