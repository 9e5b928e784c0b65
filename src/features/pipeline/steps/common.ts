/** Internal: what every pipeline step implements, and helpers they share. */
import { DataError, ValidationError } from '../../../errors.js';
import type { Rng } from '../../../internal/rng.js';
import type { CustomSteps } from '../custom-steps.js';
import type { Col, Frame, Layout } from '../frame.js';
import type { ColumnSelector, ColumnType, FittedStep, PipelineStep } from '../schema.js';

export interface StepContext {
  /** Public function name, for messages. */
  readonly fn: string;
  /** `step 2 (standardize)`, for messages. */
  readonly label: string;
  readonly mode: 'fit' | 'apply';
  /** Labels for target encoding (fit only). */
  readonly target: Float64Array | null;
  /** A stream of the pipeline's seeded generator (fit only). */
  readonly rng: Rng;
  /** The functions of custom steps by registered name (checked, own properties only). */
  readonly customSteps: CustomSteps;
}

type SpecOf<T extends string> = Extract<PipelineStep, { type: T }>;
type FittedOf<T extends string> = Extract<FittedStep, { type: T }>;

export interface StepImpl<T extends PipelineStep['type']> {
  fit(frame: Frame, spec: SpecOf<T>, ctx: StepContext): FittedOf<T>;
  layout(f: FittedOf<T>): Layout;
  /** New columns. At fit, `ctx.mode === 'fit'` (target encoding then encodes out of fold). */
  transform(frame: Frame, f: FittedOf<T>, ctx: StepContext): Map<string, Col>;
}

/**
 * Resolves a selector against the frame's current columns.
 * @param defaultType - the columns taken when `sel` is omitted (`'any'`: all)
 */
export function resolveColumns(frame: Frame, sel: ColumnSelector | undefined, defaultType: ColumnType | 'any', ctx: StepContext): string[] {
  const check = (names: readonly string[]): void => {
    for (const n of names) {
      if (!frame.has(n)) {
        if (frame.nonScalar.has(n)) {
          throw new DataError(`${ctx.fn}: ${ctx.label}: field '${n}' holds objects or arrays, not numbers or strings; flatten it into plain fields first`);
        }
        throw new DataError(`${ctx.fn}: ${ctx.label}: no column '${n}' (columns now: ${frame.order.slice(0, 30).join(', ')}${frame.order.length > 30 ? ', …' : ''})`);
      }
    }
  };
  if (sel === undefined) return defaultType === 'any' ? [...frame.order] : frame.order.filter((c) => frame.type(c) === defaultType);
  if (Array.isArray(sel)) {
    check(sel);
    return dedupe(sel);
  }
  const s = sel as Exclude<ColumnSelector, readonly string[]>;
  let out: string[];
  if (s.names) {
    check(s.names);
    out = dedupe(s.names);
  } else out = [...frame.order];
  if (s.type) out = out.filter((c) => frame.type(c) === s.type);
  if (s.pattern !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(s.pattern);
    } catch (e) {
      throw new ValidationError(`${ctx.fn}: ${ctx.label}: bad pattern ${JSON.stringify(s.pattern)}: ${(e as Error).message}`, [
        { row: 0, path: ['columns', 'pattern'], reason: (e as Error).message, value: s.pattern },
      ]);
    }
    out = out.filter((c) => re.test(c));
  }
  if (s.exclude) {
    const ex = new Set(s.exclude);
    out = out.filter((c) => !ex.has(c));
  }
  return out;
}

function dedupe(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/** Throws unless every column is numeric. */
export function requireNumeric(frame: Frame, columns: readonly string[], ctx: StepContext): void {
  for (const c of columns) {
    if (frame.type(c) !== 'numeric') {
      throw new DataError(`${ctx.fn}: ${ctx.label}: column '${c}' is categorical; this step needs numbers (encode it first)`);
    }
  }
}

/**
 * The present (non-NaN) values of a column, in row order: the column itself when nothing is
 * missing (callers only read it). @throws DataError when none
 */
export function presentValues(values: Float64Array, column: string, ctx: StepContext): Float64Array {
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) k++;
  if (k === values.length && k > 0) return values;
  return presentSorted(values, column, ctx);
}

/** The present (non-NaN) values of a column, sorted ascending. @throws DataError when none */
export function presentSorted(values: Float64Array, column: string, ctx: StepContext): Float64Array {
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) k++;
  if (k === 0) {
    throw new DataError(
      values.length === 0
        ? `${ctx.fn}: ${ctx.label}: no rows to fit on`
        : `${ctx.fn}: ${ctx.label}: column '${column}' has no values (all ${values.length} missing); drop it or impute it with a constant first`,
    );
  }
  const out = new Float64Array(k);
  k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out.sort();
}

/**
 * A transform that maps each selected numeric column through `f(x, j, out)`. It writes in place
 * (`out === x`): every array in a frame belongs to exactly one column and the column is being
 * replaced, and at a million rows fresh memory is the dominant cost.
 */
export function mapColumns(
  frame: Frame,
  columns: readonly string[],
  outputs: readonly string[],
  ctx: StepContext,
  f: (values: Float64Array, j: number, out: Float64Array) => void,
): Map<string, Col> {
  const res = new Map<string, Col>();
  for (let j = 0; j < columns.length; j++) {
    const x = frame.num(columns[j]!, ctx.label);
    f(x, j, x);
    res.set(outputs[j]!, { type: 'numeric', values: x });
  }
  return res;
}

/** Layout for steps that replace each column by one column of the same name. */
export function sameNames(columns: readonly string[]): Layout {
  return { replace: columns.map((c) => [c, [c]] as const) };
}

/** Ties broken by the smaller label, as scikit-learn does. */
export function mostFrequent(labels: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of labels) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = '';
  let bestN = -1;
  for (const [v, n] of counts) {
    if (n > bestN || (n === bestN && v < best)) {
      best = v;
      bestN = n;
    }
  }
  return best;
}

/** Counts per label, sorted by label. */
export function countLabels(labels: readonly string[]): { labels: string[]; counts: number[] } {
  const counts = new Map<string, number>();
  for (const v of labels) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts.keys()].sort(compareLabels);
  return { labels: sorted, counts: sorted.map((l) => counts.get(l)!) };
}

/** Label order: by UTF-16 code units (locale-independent, as in SQL `ORDER BY … COLLATE "C"`). */
export function compareLabels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A scale that is zero or too small to divide by (below 10 × machine epsilon, scikit-learn's
 * `_handle_zeros_in_scale` rule) becomes 1, so near-constant columns map to 0 instead of ±huge.
 */
export function safeScale(s: number): number {
  return Number.isFinite(s) && s >= 10 * Number.EPSILON ? s : 1;
}
