/**
 * Internal: the column store a pipeline works on while it fits or applies. Raw input columns are
 * read from the records lazily, the first time a step asks for them, so a pipeline only reads
 * (and only requires) the fields it uses. Not exported from the package.
 */
import { DataError, DimensionError } from '../../errors.js';
import { checkFeatureMatrix, isFeatureMatrix } from '../../matrix/feature-matrix.js';
import type { FeatureMatrix } from '../../matrix/feature-matrix.js';
import type { ColumnType } from './schema.js';

/** One plain-object record: values number | string | boolean | null | undefined. @category Features */
export type PipelineRecord = Readonly<Record<string, unknown>>;
/** What the pipeline functions accept: records, or a (numeric-only) FeatureMatrix. @category Features */
export type PipelineInput = readonly PipelineRecord[] | FeatureMatrix;

export interface NumCol {
  readonly type: 'numeric';
  readonly values: Float64Array;
  /**
   * A 0/1 column stored as codes: 1 where `codes[i] === k`. `values` materialises it on first
   * read; the final matrix is written straight from the codes (one-hot outputs are most of a
   * wide matrix, and never materialising them saves a column of fresh memory each).
   */
  readonly indicator?: { readonly codes: Int32Array; readonly k: number };
}

/** An indicator column (see `NumCol.indicator`). */
export function indicatorColumn(codes: Int32Array, k: number): NumCol {
  let cache: Float64Array | null = null;
  return {
    type: 'numeric',
    indicator: { codes, k },
    get values(): Float64Array {
      if (!cache) {
        cache = new Float64Array(codes.length);
        for (let i = 0; i < codes.length; i++) if (codes[i] === k) cache[i] = 1;
      }
      return cache;
    },
  };
}
export interface CatCol {
  readonly type: 'categorical';
  readonly values: readonly (string | null)[];
}
export type Col = NumCol | CatCol;

/** Where the new columns of a step go: replaced in place, appended, or the frame cut to `keep`. */
export interface Layout {
  readonly replace?: readonly (readonly [string, readonly string[]])[];
  readonly append?: readonly string[];
  readonly keep?: readonly string[];
}

/** The label used for a missing category (encoders treat missing as a category of its own). */
export const MISSING = '__missing__';

/**
 * Whether a frame is read to fit a pipeline (types are discovered, a column absent from every
 * record is allowed) or to apply a fitted one (types and inputs come from the model).
 */
export type FrameMode = 'fit' | 'apply';

export class Frame {
  readonly n: number;
  /** Current column names, in order. */
  order: string[];
  /** Raw fields a step has read (the pipeline's required inputs), in first-read order. */
  readonly accessed: string[] = [];
  /** Record fields left out because they hold objects or arrays. */
  readonly nonScalar = new Set<string>();
  private readonly cols = new Map<string, Col>();
  private readonly raw = new Set<string>();
  private readonly rawTypes = new Map<string, ColumnType>();
  private readonly records: readonly PipelineRecord[] | null;
  private readonly matrix: FeatureMatrix | null;

  /**
   * @param fn - public function name for messages (never consulted for behaviour)
   * @param mode - `'fit'` or `'apply'`
   * @param input - records or a matrix
   * @param idField - record field holding the row id
   * @param inputs - at apply: the model's inputs (names and types); at fit: null (scan the keys)
   * @param exclude - fields that are never columns (id, label)
   * @param allowMissingColumns - treat an input absent from every record as all missing
   */
  constructor(
    readonly fn: string,
    readonly mode: FrameMode,
    input: PipelineInput,
    readonly idField: string,
    inputs: readonly { name: string; type: ColumnType }[] | null,
    exclude: readonly string[],
    private readonly allowMissingColumns = false,
  ) {
    if (isFeatureMatrix(input)) {
      this.matrix = checkFeatureMatrix(input, fn);
      this.records = null;
      this.n = input.nRows;
    } else {
      this.matrix = null;
      for (let i = 0; i < input.length; i++) {
        const r: unknown = input[i];
        if (typeof r !== 'object' || r === null || Array.isArray(r)) {
          throw new DataError(`${fn}: record ${i} is ${r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r}, expected an object of fields`);
        }
      }
      this.records = input;
      this.n = input.length;
    }
    if (inputs) {
      for (const c of inputs) this.rawTypes.set(c.name, c.type);
      this.order = inputs.map((c) => c.name);
    } else if (this.matrix) {
      this.order = this.matrix.columns.filter((c) => !exclude.includes(c));
    } else {
      // every field of every record, in first-seen order (one pass over the keys)
      const seen = new Set<string>(exclude);
      const order: string[] = [];
      for (const r of this.records!) {
        for (const k in r) {
          if (!seen.has(k)) {
            seen.add(k);
            order.push(k);
          }
        }
      }
      // fields holding objects or arrays (a nested `device`, say) are not columns
      const recs = this.records!;
      this.order = order.filter((k) => {
        for (let i = 0; i < recs.length; i++) {
          const v = recs[i]![k];
          if (v === undefined || v === null) continue;
          if (typeof v === 'object' || typeof v === 'function') {
            this.nonScalar.add(k);
            return false;
          }
          return true;
        }
        return true;
      });
    }
    for (const name of this.order) this.raw.add(name);
  }

  /** Row id of row `i` (the id field, or the row index when absent). */
  rowId(i: number): string {
    if (this.matrix) return this.matrix.rowIds[i]!;
    const v = this.records![i]![this.idField];
    return v === undefined || v === null ? String(i) : String(v);
  }

  /** All row ids. */
  rowIds(): string[] {
    if (this.matrix) return [...this.matrix.rowIds];
    const out = new Array<string>(this.n);
    const recs = this.records!;
    const f = this.idField;
    for (let i = 0; i < this.n; i++) {
      const v = recs[i]![f];
      out[i] = typeof v === 'string' ? v : v === undefined || v === null ? String(i) : String(v);
    }
    return out;
  }

  /** `row 5 (id 'S5')`, for messages. */
  where(i: number): string {
    return `row ${i} (id '${this.rowId(i)}')`;
  }

  /** The type a raw input column was read with (numeric until read). */
  rawType(name: string): ColumnType {
    return this.rawTypes.get(name) ?? 'numeric';
  }

  has(name: string): boolean {
    return this.cols.has(name) || this.raw.has(name);
  }

  /** Type of a column (reads a raw column to find out, without marking it as used). */
  type(name: string): ColumnType {
    const c = this.cols.get(name);
    if (c) return c.type;
    return this.load(name).type;
  }

  /** A column's values; marks a raw field as a required input. */
  get(name: string): Col {
    if (this.raw.has(name) && !this.accessed.includes(name)) this.accessed.push(name);
    return this.cols.get(name) ?? this.load(name);
  }

  /** A numeric column's values. @throws DataError if categorical */
  num(name: string, label: string): Float64Array {
    const c = this.get(name);
    if (c.type !== 'numeric') {
      throw new DataError(`${this.fn}: ${label}: column '${name}' is categorical; encode it first (oneHot, ordinal, frequencyEncode, targetEncode)`);
    }
    return c.values;
  }

  /** A column as category labels: numbers become their decimal text, missing becomes `__missing__`. */
  categories(name: string): readonly string[] {
    const c = this.get(name);
    if (c.type === 'categorical') {
      // no copy when nothing is missing (the common case for a million rows)
      if (!c.values.includes(null)) return c.values as readonly string[];
      const out = new Array<string>(this.n);
      for (let i = 0; i < this.n; i++) out[i] = c.values[i] ?? MISSING;
      return out;
    }
    const out = new Array<string>(this.n);
    for (let i = 0; i < this.n; i++) {
      const v = c.values[i]!;
      out[i] = Number.isNaN(v) ? MISSING : String(v);
    }
    return out;
  }

  /** Applies a step's layout and stores its new columns. Returns the names that collided (fit checks them). */
  update(layout: Layout, newCols: ReadonlyMap<string, Col>): string[] {
    let order = this.order;
    if (layout.keep) {
      const keep = new Set(layout.keep);
      for (const name of order) if (!keep.has(name)) this.drop(name);
      order = [...layout.keep];
    }
    if (layout.replace) {
      const rep = new Map(layout.replace);
      const next: string[] = [];
      for (const name of order) {
        const outs = rep.get(name);
        if (!outs) next.push(name);
        else {
          if (!outs.includes(name)) this.drop(name);
          next.push(...outs);
        }
      }
      order = next;
    }
    if (layout.append) for (const name of layout.append) if (!order.includes(name)) order.push(name);
    for (const [name, col] of newCols) {
      this.cols.set(name, col);
      this.raw.delete(name);
    }
    this.order = order;
    const seen = new Set<string>();
    const dup: string[] = [];
    for (const name of order) {
      if (seen.has(name)) dup.push(name);
      seen.add(name);
    }
    return dup;
  }

  private drop(name: string): void {
    this.cols.delete(name);
    this.raw.delete(name);
  }

  /**
   * Reads the given raw columns from the records in one row-wise pass (one sweep over the
   * records instead of one per column, which at a million records is what costs). Types not yet
   * known are inferred from the first present value, as `load` does. Does not mark them as used.
   */
  preload(names: readonly string[]): void {
    if (!this.records) return;
    const todo = names.filter((c) => this.raw.has(c) && !this.cols.has(c));
    if (todo.length === 0) return;
    const recs = this.records;
    const n = this.n;
    const types = todo.map((c) => {
      let t = this.rawTypes.get(c);
      if (!t) {
        t = 'numeric';
        for (let i = 0; i < n; i++) {
          const v = recs[i]![c];
          if (typeof v === 'string') {
            t = 'categorical';
            break;
          }
          if (v !== undefined && v !== null && !(typeof v === 'number' && Number.isNaN(v))) break;
        }
        this.rawTypes.set(c, t);
      }
      return t;
    });
    const q = todo.length;
    const nums = types.map((t) => (t === 'numeric' ? new Float64Array(n) : null));
    const cats = types.map((t) => (t === 'categorical' ? new Array<string | null>(n) : null));
    const present = new Float64Array(q);
    for (let i = 0; i < n; i++) {
      const r = recs[i]!;
      for (let j = 0; j < q; j++) {
        const v = r[todo[j]!];
        const num = nums[j];
        if (num) {
          if (typeof v === 'number') {
            if (v === Infinity || v === -Infinity) throw this.notFinite(todo[j]!, i, v);
            num[i] = v;
            present[j]!++;
          } else if (v === undefined) num[i] = NaN;
          else if (v === null) {
            num[i] = NaN;
            present[j]!++;
          } else if (typeof v === 'boolean') {
            num[i] = v ? 1 : 0;
            present[j]!++;
          } else throw this.wrongType(todo[j]!, i, v, 'a number', this.fitting());
        } else {
          const cat = cats[j]!;
          if (typeof v === 'string') {
            cat[i] = v;
            present[j]!++;
          } else if (v === undefined) cat[i] = null;
          else if (v === null || (typeof v === 'number' && Number.isNaN(v))) {
            cat[i] = null;
            present[j]!++;
          } else throw this.wrongType(todo[j]!, i, v, 'a string (category)', this.fitting());
        }
      }
    }
    for (let j = 0; j < q; j++) {
      if (present[j] === 0 && n > 0) this.absent(todo[j]!);
      this.cols.set(todo[j]!, nums[j] ? { type: 'numeric', values: nums[j]! } : { type: 'categorical', values: cats[j]! });
    }
  }

  private fitting(): boolean {
    return this.mode === 'fit';
  }

  private load(name: string): Col {
    if (!this.raw.has(name)) throw new DimensionError(`${this.fn}: no column '${name}'`);
    const col = this.matrix ? this.loadFromMatrix(name) : this.loadFromRecords(name);
    this.cols.set(name, col);
    return col;
  }

  private loadFromMatrix(name: string): Col {
    const m = this.matrix!;
    const j = m.columns.indexOf(name);
    if (j < 0) {
      throw new DimensionError(`${this.fn}: the matrix has no column '${name}' (the pipeline reads it; matrix columns: ${m.columns.slice(0, 20).join(', ')})`);
    }
    if (this.rawTypes.get(name) === 'categorical') {
      throw new DataError(`${this.fn}: column '${name}' was categorical at fit time; a FeatureMatrix holds numbers only, so pass records`);
    }
    const out = new Float64Array(m.nRows);
    for (let i = 0, k = j; i < m.nRows; i++, k += m.nCols) {
      const v = m.values[k]!;
      if (v === Infinity || v === -Infinity) throw this.notFinite(name, i, v);
      out[i] = v;
    }
    return { type: 'numeric', values: out };
  }

  private notFinite(name: string, i: number, v: unknown): DataError {
    return new DataError(`${this.fn}: ${this.where(i)}, column '${name}': value ${String(v)} is not finite; use null or NaN for a missing value`);
  }

  private loadFromRecords(name: string): Col {
    const recs = this.records!;
    const n = this.n;
    let type = this.rawTypes.get(name);
    if (!type) {
      type = 'numeric';
      for (let i = 0; i < n; i++) {
        const v = recs[i]![name];
        if (typeof v === 'string') {
          type = 'categorical';
          break;
        }
        if (v !== undefined && v !== null && !(typeof v === 'number' && Number.isNaN(v))) break;
      }
      this.rawTypes.set(name, type);
    }
    const fitting = this.mode === 'fit';
    let present = 0;
    if (type === 'numeric') {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = recs[i]![name];
        if (typeof v === 'number') {
          if (v === Infinity || v === -Infinity) throw this.notFinite(name, i, v);
          out[i] = v;
          present++;
        } else if (v === undefined) out[i] = NaN;
        else if (v === null) {
          out[i] = NaN;
          present++;
        } else if (typeof v === 'boolean') {
          out[i] = v ? 1 : 0;
          present++;
        } else throw this.wrongType(name, i, v, 'a number', fitting);
      }
      if (present === 0 && n > 0) this.absent(name);
      return { type, values: out };
    }
    const out = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const v = recs[i]![name];
      if (typeof v === 'string') {
        out[i] = v;
        present++;
      } else if (v === undefined) out[i] = null;
      else if (v === null || (typeof v === 'number' && Number.isNaN(v))) {
        out[i] = null;
        present++;
      } else throw this.wrongType(name, i, v, 'a string (category)', fitting);
    }
    if (present === 0 && n > 0) this.absent(name);
    return { type, values: out };
  }

  private absent(name: string): void {
    if (this.allowMissingColumns || this.mode === 'fit') return;
    throw new DimensionError(
      `${this.fn}: column '${name}' is absent from every record (the pipeline was fitted with it); pass allowMissingColumns: true to treat it as all missing`,
    );
  }

  private wrongType(name: string, i: number, v: unknown, expected: string, fitting: boolean): DataError {
    const got = typeof v === 'string' ? `string ${JSON.stringify(v)}` : v === null ? 'null' : `${typeof v} ${String(v)}`;
    const hint = fitting ? ' (a column must hold only numbers/booleans or only strings)' : ' (its type at fit time)';
    return new DataError(`${this.fn}: ${this.where(i)}, column '${name}': expected ${expected}${hint}, got ${got}`);
  }
}
