/**
 * `exportAudience`: a privacy-safe audience file for an ad platform or partner.
 *
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import { bool, defineOptions, described } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import type { AudienceNode } from '../tags/parse-audience.js';
import { queryAudience } from '../tags/query-audience.js';
import type { TagIndex } from '../tags/tag-index.js';
import { pseudonymize } from './pseudonymize.js';
import type { PseudonymizeOptions } from './pseudonymize.js';

/** Default smallest audience exported. @category Privacy */
export const DEFAULT_MIN_AUDIENCE = 100;

/** Options of {@link exportAudience}. @category Privacy */
export interface ExportAudienceOptions {
  /** Key for the pseudonyms (required unless `rawIds` is true). */
  readonly pseudonym?: PseudonymizeOptions;
  /** Export raw subscriber ids instead of pseudonyms (default false: only for a data processor under contract). */
  readonly rawIds?: boolean;
  /** Extra columns to include, looked up in `columns` by subscriber row; nothing else is exported. */
  readonly include?: readonly string[];
  /** Column values per index row, for `include` (e.g. `{ ageBand: [...] }`, one value per subscriber of the index). */
  readonly columns?: Readonly<Record<string, ArrayLike<unknown>>>;
  /** Smallest audience exported (default {@link DEFAULT_MIN_AUDIENCE}); an integer ≥ 1. */
  readonly minAudience?: number;
}

/** The answer of {@link exportAudience}. @category Privacy */
export interface ExportedAudience {
  /** Column names: `'pseudonym'` (or `'id'`) first, then `include` in order. */
  readonly columns: readonly string[];
  /** One row per audience member, in index order. */
  readonly rows: readonly (readonly unknown[])[];
  /** Audience size. */
  readonly size: number;
  /** The key id of the pseudonyms (undefined for raw ids). */
  readonly keyId?: string;
}

/**
 * Exports an audience with the least data that serves the purpose: keyed pseudonyms
 * ({@link pseudonymize}) instead of subscriber ids unless `rawIds` is set, only the columns listed
 * in `include`, and no export at all when the audience is smaller than `minAudience` (default 100) —
 * the rule ad platforms apply so an audience cannot single a person out. The size check happens
 * before anything is built.
 *
 * @param index - the tag index ({@link applyTagCatalogue})
 * @param expression - an audience expression or its AST
 * @param options - see {@link ExportAudienceOptions}
 * @returns the export table
 * @throws DataError when the audience is smaller than `minAudience` (nothing exported), or a column has the wrong length
 * @throws OptionsError for a missing pseudonym key, an included column not in `columns`, a bad `minAudience`
 * @throws ValidationError for a bad expression or unknown tag
 * @example
 * const index = applyTagCatalogue(
 *   { tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] },
 *   [{ id: 'a', bill: 120 }, { id: 'b', bill: 180 }],
 * );
 * const key = new Uint8Array(32).fill(3);
 * const out = exportAudience(index, 'big', { pseudonym: { key, keyId: 'k1' }, minAudience: 2 });
 * [out.columns, out.size, out.keyId] // => [['pseudonym'], 2, 'k1']
 * @category Privacy
 */
const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The declared options of {@link exportAudience} (the pseudonym key is checked by `pseudonymize`). */
const parseExportAudienceOptions = defineOptions('exportAudience', {
  pseudonym: described(o.custom<PseudonymizeOptions>(isObject), 'pseudonymize options { key, keyId, normalize? }').optional(),
  rawIds: bool().default(false),
  include: described(o.array(o.string()), 'an array of column names').default([]),
  columns: described(o.custom<Readonly<Record<string, ArrayLike<unknown>>>>(isObject), 'an object of columns by name').optional(),
  minAudience: described(o.number({ int: true, min: 1 }), 'an integer ≥ 1').default(DEFAULT_MIN_AUDIENCE),
});

export function exportAudience(index: TagIndex, expression: string | AudienceNode, options: ExportAudienceOptions): ExportedAudience {
  const fn = 'exportAudience';
  if (options === undefined) throw new OptionsError(`${fn}: options are required`, 'options');
  options = parseExportAudienceOptions(options);
  const minAudience = options.minAudience ?? DEFAULT_MIN_AUDIENCE;
  const raw = options.rawIds === true;
  if (!raw && options.pseudonym === undefined) throw new OptionsError(`${fn}: a pseudonym key is required (or rawIds: true, for a processor under contract)`, 'pseudonym');
  const include = options.include ?? [];
  for (const c of include) {
    const col = options.columns?.[c];
    if (col === undefined) throw new OptionsError(`${fn}: included column '${c}' is not in columns`, 'include');
    if (col.length !== index.nRows) throw new DataError(`${fn}: column '${c}' has ${col.length} values, the index has ${index.nRows} subscribers`);
  }
  const audience = queryAudience(index, expression);
  if (audience.total < minAudience) {
    throw new DataError(`${fn}: the audience has ${audience.total} subscribers, fewer than the minimum ${minAudience}; nothing exported`);
  }
  const ids = raw ? audience.ids : pseudonymize(audience.ids, options.pseudonym!);
  const cols = include.map((c) => options.columns![c]!);
  const rows = ids.map((id, j) => [id, ...cols.map((col) => col[audience.rows[j]!])]);
  return {
    columns: [raw ? 'id' : 'pseudonym', ...include],
    rows,
    size: audience.total,
    ...(raw ? {} : { keyId: options.pseudonym!.keyId }),
  };
}
