/**
 * `explainTags`: which conditions made each tag true or false for one subscriber.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { isFeatureMatrix } from '../matrix/feature-matrix.js';
import { getBit } from '../internal/bitset.js';
import { checkCatalogue } from './catalogue.js';
import type { TagCatalogue, TagRule } from './catalogue.js';
import { compileRule, profileSource } from './columns.js';
import type { Column, CompileContext, TagProfiles } from './columns.js';
import type { TagIndex } from './tag-index.js';
import { rowOf } from './tags-of.js';

/** One condition of a tag's rule, evaluated for one subscriber. @category Tags */
export interface TagConditionExplanation {
  /** The condition in words, e.g. `monthlyBill > 100`, `all of`, `not`. */
  readonly condition: string;
  /**
   * Whether it held for the subscriber; `null` when it was not evaluated (no profile was given:
   * the index stores tags, not field values).
   */
  readonly result: boolean | null;
  /** The field a leaf reads. */
  readonly field?: string;
  /** The subscriber's value of that field (`null` when missing; absent when not evaluated). */
  readonly value?: number | string | boolean | null;
  /** The threshold a quantile leaf resolved to over the indexed population. */
  readonly threshold?: number;
  /** The sub-conditions of `all of`, `any of` and `not`. */
  readonly conditions?: readonly TagConditionExplanation[];
}

/** Why one tag holds or not for one subscriber. @category Tags */
export interface TagExplanation {
  readonly tagId: string;
  readonly label: string;
  readonly level: number;
  readonly parent?: string;
  /** Whether the index says the subscriber holds the tag. */
  readonly holds: boolean;
  /**
   * Whether the tag holds for the profile given now; differs from `holds` when the profile changed
   * after the index was built (then call {@link updateTagIndex}). `null` when no profile was given.
   */
  readonly recomputed: boolean | null;
  /** The rule's conditions, for a tag with a rule. */
  readonly condition?: TagConditionExplanation;
  /** For a category (no rule): its children the subscriber holds. */
  readonly heldChildren?: readonly string[];
}

/** Options of {@link explainTags}. @category Tags */
export interface ExplainTagsOptions {
  /**
   * The profiles the index was built from (the subscriber's row is looked up by id), or just that
   * subscriber's profile record. Without them only the index is read: `holds` per tag and the
   * rules, with every condition's `result` `null` (not evaluated).
   */
  profiles?: TagProfiles | Readonly<Record<string, unknown>>;
  /** Field holding the subscriber id in record profiles (default `'id'`). */
  idField?: string;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function describeLeaf(rule: TagRule, threshold: number | undefined): string {
  if ('all' in rule) return 'all of';
  if ('any' in rule) return 'any of';
  if ('not' in rule) return 'not';
  if ('exists' in rule) return `${rule.field} ${rule.exists ? 'is present' : 'is missing'}`;
  if ('between' in rule) return `${rule.field} between ${rule.between[0]} and ${rule.between[1]}`;
  if ('in' in rule) return `${rule.field} in [${rule.in.map(show).join(', ')}]`;
  if ('quantile' in rule) return `${rule.field} ${rule.op} ${threshold === undefined ? 'NaN' : +threshold.toPrecision(6)} (quantile ${rule.quantile} of the population)`;
  return `${rule.field} ${rule.op} ${show(rule.value)}`;
}

function isSingleProfile(p: unknown): p is Readonly<Record<string, unknown>> {
  return typeof p === 'object' && p !== null && !Array.isArray(p) && !isFeatureMatrix(p) && !('ids' in p && 'columns' in p);
}

/**
 * Explains every tag of the catalogue for one subscriber: whether the index holds it, and for a
 * tag with a rule, each condition with the subscriber's value and the result (quantile leaves show
 * the threshold stored in the index). Rules are evaluated by the same compiled code as
 * {@link applyTagCatalogue}, over a one-row column set. The index holds tags, not field values: without
 * `options.profiles` the conditions are listed with `result: null` (not evaluated).
 *
 * @param index - from {@link applyTagCatalogue}
 * @param catalogue - the catalogue the index was built from
 * @param subscriberId - a subscriber in the index
 * @param options - see {@link ExplainTagsOptions}
 * @param options.profiles - the profiles the index was built from, or that subscriber's profile
 *   record (omit to explain from the index alone)
 * @param options.idField - the id field of record profiles (default `'id'`)
 * @returns one explanation per tag, in catalogue order
 * @throws DataError when the subscriber is not in the index, or not in the given profiles
 * @example
 * const cat = { tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] };
 * const profiles = [{ id: 'a', bill: 120 }];
 * const index = applyTagCatalogue(cat, profiles);
 * explainTags(index, cat, 'a', { profiles })[0].condition
 * // => { condition: 'bill > 100', result: true, field: 'bill', value: 120 }
 * explainTags(index, cat, 'a')[0]
 * // => { tagId: 'big', label: 'Big bill', level: 1, holds: true, recomputed: null, condition: { condition: 'bill > 100', result: null, field: 'bill' } }
 * @category Tags
 */
export function explainTags(index: TagIndex, catalogue: TagCatalogue, subscriberId: string, options?: ExplainTagsOptions): TagExplanation[];
/**
 * The same, in the earlier argument order with the profiles third:
 * `explainTags(index, catalogue, profiles, subscriberId)` equals
 * `explainTags(index, catalogue, subscriberId, { profiles })`.
 *
 * @param index - from {@link applyTagCatalogue}
 * @param catalogue - the catalogue the index was built from
 * @param profiles - the profiles the index was built from, or that subscriber's profile record
 * @param subscriberId - a subscriber in the index
 * @param options - see {@link ExplainTagsOptions} (`options.profiles` is ignored)
 * @param options.idField - the id field of record profiles (default `'id'`)
 * @returns one explanation per tag, in catalogue order
 * @throws DataError when the subscriber is in neither the index nor the profiles
 * @example
 * const cat = { tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] };
 * const profiles = [{ id: 'a', bill: 120 }];
 * explainTags(applyTagCatalogue(cat, profiles), cat, profiles, 'a')[0].condition
 * // => { condition: 'bill > 100', result: true, field: 'bill', value: 120 }
 * @category Tags
 */
export function explainTags(
  index: TagIndex,
  catalogue: TagCatalogue,
  profiles: TagProfiles | Readonly<Record<string, unknown>>,
  subscriberId: string,
  options?: ExplainTagsOptions,
): TagExplanation[];
export function explainTags(
  index: TagIndex,
  catalogue: TagCatalogue,
  third: string | TagProfiles | Readonly<Record<string, unknown>>,
  fourth?: string | ExplainTagsOptions,
  fifth?: ExplainTagsOptions,
): TagExplanation[] {
  if (typeof third === 'string') {
    const options = (typeof fourth === 'object' && fourth !== null ? fourth : {}) as ExplainTagsOptions;
    return explain(index, catalogue, third, options.profiles, options.idField ?? 'id');
  }
  return explain(index, catalogue, fourth as string, third, fifth?.idField ?? 'id');
}

function explain(
  index: TagIndex,
  catalogue: TagCatalogue,
  subscriberId: string,
  profiles: TagProfiles | Readonly<Record<string, unknown>> | undefined,
  idField: string,
): TagExplanation[] {
  const fn = 'explainTags';
  const cat = checkCatalogue(catalogue, fn);
  if (typeof subscriberId !== 'string') {
    throw new DataError(`${fn}: expected explainTags(index, catalogue, subscriberId, { profiles }), got a subscriber id of type ${typeof subscriberId}`);
  }
  const row = rowOf(index, subscriberId);
  if (row < 0) throw new DataError(`${fn}: subscriber '${subscriberId}' is not in the index`);
  let profile: Readonly<Record<string, unknown>> | undefined;
  if (profiles === undefined) {
    profile = undefined;
  } else if (isSingleProfile(profiles)) {
    profile = profiles;
  } else {
    const src = profileSource(profiles as TagProfiles, idField, fn);
    const i = src.ids.indexOf(subscriberId);
    if (i < 0) throw new DataError(`${fn}: subscriber '${subscriberId}' is not in the profiles`);
    const fields = new Set<string>();
    const walk = (r: TagRule): void => {
      if ('all' in r) r.all.forEach(walk);
      else if ('any' in r) r.any.forEach(walk);
      else if ('not' in r) walk(r.not);
      else fields.add(r.field);
    };
    for (const t of cat.tags) if (t.rule) walk(t.rule);
    const rec: Record<string, unknown> = {};
    for (const f of fields) rec[f] = src.value(f, i);
    profile = rec;
  }
  const one = profileSource([{ ...(profile ?? {}), __telcokit_id: '_' }], '__telcokit_id', fn);
  const cache = new Map<string, Column>();
  const ctx: CompileContext = {
    fn,
    n: 1,
    thresholds: { ...index.thresholds },
    frozenThresholds: true,
    column(field) {
      let c = cache.get(field);
      if (c === undefined) {
        c = one.column(field) ?? { kind: 'none' };
        cache.set(field, c);
      }
      return c;
    },
  };
  const explainRule = (rule: TagRule, tagId: string, path: string): TagConditionExplanation => {
    const result = profile === undefined ? null : (compileRule(rule, tagId, path, ctx)[0]! & 1) === 1;
    if ('all' in rule) return { condition: 'all of', result, conditions: rule.all.map((r, k) => explainRule(r, tagId, `${path}.all.${k}`)) };
    if ('any' in rule) return { condition: 'any of', result, conditions: rule.any.map((r, k) => explainRule(r, tagId, `${path}.any.${k}`)) };
    if ('not' in rule) return { condition: 'not', result, conditions: [explainRule(rule.not, tagId, `${path}.not`)] };
    const threshold = 'quantile' in rule ? ctx.thresholds[`${tagId}#${path}`] : undefined;
    if (profile === undefined) {
      const base = { condition: describeLeaf(rule, threshold), result, field: rule.field };
      return threshold === undefined ? base : { ...base, threshold };
    }
    const raw = profile[rule.field];
    const value =
      raw === undefined || raw === null || (typeof raw === 'number' && Number.isNaN(raw))
        ? null
        : typeof raw === 'number' || typeof raw === 'string' || typeof raw === 'boolean'
          ? raw
          : null;
    const base = { condition: describeLeaf(rule, threshold), result, field: rule.field, value };
    return threshold === undefined ? base : { ...base, threshold };
  };
  const held = new Map<string, boolean>();
  const out = cat.tags.map((t): TagExplanation => {
    const k = index.tagIds.indexOf(t.id);
    const holds = k >= 0 && getBit(index.bitsets[k]!, row);
    held.set(t.id, holds);
    const head = { tagId: t.id, label: t.label, level: t.level, ...(t.parent !== undefined ? { parent: t.parent } : {}), holds };
    if (t.rule === undefined) return { ...head, recomputed: profile === undefined ? null : false };
    const condition = explainRule(t.rule, t.id, 'rule');
    return { ...head, recomputed: condition.result, condition };
  });
  // categories: recomputed from their children, deepest first
  const recomputed = new Map(out.map((e) => [e.tagId, e.recomputed]));
  const depthOf = (id: string): number => {
    let d = 0;
    let p = cat.tags.find((t) => t.id === id)?.parent;
    while (p !== undefined && d <= cat.tags.length) {
      d++;
      p = cat.tags.find((t) => t.id === p)?.parent;
    }
    return d;
  };
  const cats = cat.tags.filter((t) => t.rule === undefined).sort((a, b) => depthOf(b.id) - depthOf(a.id));
  for (const c of cats) {
    const kids = cat.tags.filter((t) => t.parent === c.id);
    recomputed.set(c.id, kids.some((t) => recomputed.get(t.id) === true));
  }
  return out.map((e, k) => {
    const t = cat.tags[k]!;
    if (t.rule !== undefined) return e;
    const heldChildren = cat.tags.filter((c) => c.parent === t.id && held.get(c.id) === true).map((c) => c.id);
    return { ...e, recomputed: profile === undefined ? null : recomputed.get(t.id) === true, heldChildren };
  });
}
