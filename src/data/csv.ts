/**
 * CSV and JSON Lines ingestion: frame in one linear pass, validate with a schema, and yield
 * validated batches so memory stays flat however long the input is.
 *
 * @module
 */
import type * as z from 'zod';
import { DataError, OptionsError, type ValidationIssue } from '../errors.js';
import { createFramer, endFramer, feedFramer, type CsvFramer, type FramedRow } from './csv-framer.js';
import { createValidationContext, strictError, validateBatch, type ValidateOptions, type ValidationResult } from '../schema/validate.js';
import { textChunks, type TextSource } from './sources.js';
import { optionError } from '../internal/options.js';
import { MAX_BATCH_SIZE } from '../limits.js';

/** Options of {@link parseCsv}. @category Data */
export interface CsvParseOptions {
  /** Field delimiter; default: detected from the first lines (`,`, `;`, tab, `|`). */
  delimiter?: string;
  /**
   * Renames headers before records are built: `{ 月租费: 'monthlyFee' }`. Headers not named are
   * kept as they are (see {@link suggestColumnMapping} for a mapping made from a schema).
   */
  columns?: Readonly<Record<string, string>>;
}

/** Raw CSV content: the header and one record of strings per data row. @category Data */
export interface CsvTable {
  /** Header names, after `columns` renaming. */
  header: string[];
  /** One record per well-formed data row, fields as strings. */
  records: Record<string, string>[];
  /** Data-row number (0-based, header excluded) of each record, in the same order. */
  rowNumbers: number[];
  /** Ragged rows and parser complaints; such rows are not in `records`. */
  problems: ValidationIssue[];
}

/**
 * Parses CSV text into string records (no schema): header from the first line, quoted fields,
 * embedded commas and newlines, CRLF or LF, a BOM, blank lines skipped. A row with more or fewer
 * fields than the header is reported in `problems` and left out of `records`.
 *
 * @param text - the whole CSV text
 * @param options - delimiter and header renaming
 * @returns `{ header, records, rowNumbers, problems }`
 * @throws DataError when two headers (after `columns` renaming) name the same field
 * @example
 * parseCsv('id,fee\r\ns1,"1,5"\r\ns2\r\n').records // => [{ id: 's1', fee: '1,5' }]
 * @category Data
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): CsvTable {
  if (typeof text !== 'string') throw new DataError(`parseCsv: expected the CSV text as a string, got ${text === null ? 'null' : typeof text}`);
  const state = createCsvState(options ?? {}, 'parseCsv');
  const out: CsvTable = { header: [], records: [], rowNumbers: [], problems: [] };
  feedCsv(state, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, true, out);
  out.header = state.header ?? [];
  return out;
}

interface CsvState {
  options: CsvParseOptions;
  /** The public function, for error messages. */
  fn: string;
  header: string[] | undefined;
  /** No header is `__proto__`: records can be built with plain stores. */
  plainHeader?: boolean;
  delimiter: string | undefined;
  framer: CsvFramer | undefined;
  /** Text held back until the delimiter can be detected (the first line is complete). */
  pending: string;
  /** Index of the next data row. */
  row: number;
}

function createCsvState(options: CsvParseOptions, fn: string): CsvState {
  if (typeof options !== 'object' || options === null) throw new OptionsError(`${fn}: options must be an object, got ${options === null ? 'null' : typeof options}`, 'options');
  const { delimiter, columns } = options;
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length === 0 || /["\r\n]/.test(delimiter))) {
    throw new OptionsError(`${fn}: delimiter must be a non-empty string without quotes or line breaks, got ${JSON.stringify(delimiter)}`, 'delimiter');
  }
  if (columns !== undefined && (typeof columns !== 'object' || columns === null || Array.isArray(columns))) {
    throw new OptionsError(`${fn}: columns must be an object mapping headers to field names`, 'columns');
  }
  return { options, fn, header: undefined, delimiter, framer: undefined, pending: '', row: 0, plainHeader: false };
}

/**
 * Detects the delimiter from the first lines (at most 10 lines or 64 KiB): of `,`, tab, `;` and
 * `|`, the one that splits the first line into the most fields while giving every sampled line the
 * same count (quotes respected); `,` when none splits the first line.
 */
function detectDelimiter(text: string, final: boolean): string {
  let end = 0;
  for (let k = 0; k < 10 && end < 65_536; k++) {
    const nl = text.indexOf('\n', end);
    if (nl < 0) {
      if (final) end = text.length;
      break;
    }
    end = nl + 1;
  }
  const sample = text.slice(0, Math.min(end === 0 ? text.length : end, 65_536));
  let best = ',';
  let bestFields = 1;
  let bestConsistent = false;
  for (const d of [',', '\t', ';', '|']) {
    const counts: number[] = [];
    const f = createFramer(d);
    const emit = (r: FramedRow) => void counts.push(r.fields.length);
    feedFramer(f, sample, emit);
    if (f.state === 0) endFramer(f, emit);
    const first = counts[0] ?? 1;
    if (first < 2) continue;
    const consistent = counts.every((c) => c === first);
    if ((consistent && !bestConsistent) || (consistent === bestConsistent && first > bestFields)) {
      best = d;
      bestFields = first;
      bestConsistent = consistent;
    }
  }
  return best;
}

/** What the framer's rows go into: records (parseCsv), or, when `fieldRows` is given, field arrays as framed (readCsv). */
type RowSink = Omit<CsvTable, 'header'> & { fieldRows?: string[][] };

function feedCsv(state: CsvState, chunk: string, final: boolean, out: RowSink): void {
  if (state.framer === undefined) {
    const text = state.pending + chunk;
    if (state.delimiter === undefined) {
      // the delimiter is detected on the first line(s) before any record is framed
      if (!final && text.indexOf('\n') < 0 && text.length < 65_536) {
        state.pending = text;
        return;
      }
      state.delimiter = detectDelimiter(text, final);
    }
    state.pending = '';
    state.framer = createFramer(state.delimiter);
    chunk = text;
  }
  const emit = (r: FramedRow) => takeRow(state, r, out);
  feedFramer(state.framer, chunk, emit);
  if (final) endFramer(state.framer, emit);
}

function takeRow(state: CsvState, r: FramedRow, out: RowSink): void {
  const delimiter = state.delimiter ?? ',';
  if (!state.header) {
    if (r.complaint !== undefined) throw new DataError(`${state.fn}: the header line is malformed (${r.complaint})`);
    const names = state.options.columns;
    const header = r.fields.map((h) => {
      const t = h.trim();
      // own properties only: a header named `constructor` or `toString` is data, not a prototype member
      const renamed = names !== undefined && Object.hasOwn(names, t) ? names[t] : undefined;
      if (renamed !== undefined && typeof renamed !== 'string') {
        throw new OptionsError(`${state.fn}: columns[${JSON.stringify(t)}] must be a field name (a string), got ${typeof renamed}`, 'columns');
      }
      return renamed ?? t;
    });
    const seen = new Map<string, string>();
    r.fields.forEach((h, j) => {
      const name = header[j]!;
      const before = seen.get(name);
      if (before !== undefined) {
        throw new DataError(`${state.fn}: headers ${JSON.stringify(before)} and ${JSON.stringify(h.trim())} both name the field '${name}'; one would overwrite the other`);
      }
      seen.set(name, h.trim());
    });
    state.header = header;
    state.plainHeader = !header.includes('__proto__');
    return;
  }
  const header = state.header;
  const p = header.length;
  const row = state.row++;
  const fields = r.fields;
  if (r.complaint !== undefined) {
    out.problems.push({ row, path: [], reason: `${r.complaint} (row starts on line ${r.line})`, value: fields.join(delimiter) });
    return;
  }
  if (fields.length !== p) {
    out.problems.push({ row, path: [], reason: `ragged row: ${fields.length} fields, the header has ${p}`, value: fields.join(delimiter) });
    return;
  }
  if (out.fieldRows !== undefined && state.plainHeader) {
    // the readers validate field arrays directly (the record is built only for a row zod must see)
    out.fieldRows.push(fields);
  } else if (state.plainHeader) {
    // no header is `__proto__`, so plain stores build the record directly (a fast-mode object,
    // with one hidden class shared by every row of the file)
    const rec: Record<string, string> = {};
    for (let j = 0; j < p; j++) rec[header[j]!] = fields[j]!;
    out.records.push(rec);
  } else {
    const rec: Record<string, string> = Object.create(null) as Record<string, string>;
    for (let j = 0; j < p; j++) rec[header[j]!] = fields[j]!;
    out.records.push({ ...rec });
  }
  out.rowNumbers.push(row);
}

/** Options of {@link readCsv} and {@link readJsonLines}. @category Data */
export interface ReadOptions extends CsvParseOptions, Omit<ValidateOptions, 'rowOffset' | 'mode'> {
  /** Records per yielded batch: an integer in [1, {@link MAX_BATCH_SIZE}]. Default 10,000. */
  batchSize?: number;
  /**
   * Encoding of byte input (a `TextDecoder` label: `'utf-8'`, `'gb18030'`, `'gbk'`, `'big5'`, …).
   * Default `'utf-8'`. Bytes not valid in it are a DataError, never replacement characters.
   */
  encoding?: string;
  /** `'strict'` throws at the first batch with a problem (listing it); default `'collect'`. */
  mode?: 'collect' | 'strict';
}


/** Checks the readers' shared options before any input is read. */
function resolveReadOptions(schema: unknown, options: unknown, fn: string): { batchSize: number; encoding: string } {
  if (typeof options !== 'object' || options === null) throw new OptionsError(`${fn}: options must be an object, got ${options === null ? 'null' : typeof options}`, 'options');
  const shape = typeof schema === 'object' && schema !== null ? (schema as { shape?: unknown }).shape : undefined;
  if (typeof shape !== 'object' || shape === null) throw new DataError(`${fn}: expected a zod object schema (such as UsageMonthSchema), got ${schema === null ? 'null' : typeof schema}`);
  const o = options as ReadOptions;
  const batchSize = o.batchSize ?? 10_000;
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    // 0, NaN or 0.5 would loop on empty batches
    throw optionError(fn, 'batchSize', `an integer in [1, ${MAX_BATCH_SIZE}]`, batchSize);
  }
  const encoding = o.encoding ?? 'utf-8';
  if (typeof encoding !== 'string') throw new OptionsError(`${fn}: encoding must be a TextDecoder label such as 'gb18030', got ${typeof encoding}`, 'encoding');
  return { batchSize, encoding };
}

/** One validated batch. `valid` and `errors` as in `validateRecords`; row numbers count data rows from 0. @category Data */
export type ValidatedBatch<T> = ValidationResult<T>;

function validateRows<S extends z.ZodObject>(
  schema: S,
  records: readonly unknown[],
  rowNumbers: readonly number[],
  options: ReadOptions,
  ctx: ReturnType<typeof createValidationContext>,
  header?: readonly string[],
): ValidationResult<z.output<S>> {
  // validate run by run of consecutive row numbers, so errors carry the input's own row numbers
  const merged: ValidationResult<z.output<S>> = { valid: [], errors: [], invalidRows: [], unknownFields: [], rowsRead: 0 };
  let i = 0;
  while (i < records.length) {
    let j = i + 1;
    while (j < records.length && rowNumbers[j] === rowNumbers[j - 1]! + 1) j++;
    const r = validateBatch(schema, records.slice(i, j), { ...options, rowOffset: rowNumbers[i]! }, ctx, 'validateRecords', true, header);
    merged.valid.push(...r.valid);
    merged.errors.push(...r.errors);
    merged.invalidRows.push(...r.invalidRows);
    merged.unknownFields = r.unknownFields;
    merged.rowsRead += r.rowsRead;
    i = j;
  }
  merged.unknownFields = [...ctx.unknown];
  return merged;
}

/** Adds ragged-row and parser problems to a batch, keeping row order. */
function withProblems<T>(b: ValidationResult<T>, problems: readonly ValidationIssue[]): ValidationResult<T> {
  if (problems.length === 0) return b;
  const errors = [...b.errors, ...problems].sort((a, c) => a.row - c.row);
  const bad = new Set(b.invalidRows);
  for (const p of problems) bad.add(p.row);
  const added = bad.size - b.invalidRows.length;
  return { ...b, errors, invalidRows: [...bad].sort((a, c) => a - c), rowsRead: b.rowsRead + added };
}

/**
 * Reads CSV from a string, a web `ReadableStream` or any (async) iterable of chunks, validates each
 * record against `schema`, and yields batches of at most `batchSize` records: memory stays flat
 * however long the input. Row numbers in errors count data rows from 0 across the whole input;
 * duplicate keys are found across batches.
 *
 * @param source - CSV text or a stream of chunks (bytes are decoded as UTF-8)
 * @param schema - e.g. `UsageMonthSchema`
 * @param options - delimiter, header renaming (`columns`), validation options, `batchSize`, `mode`
 * @returns an async generator of validated batches
 * @throws ValidationError in `mode: 'strict'` at the first batch with a problem; DataError when two headers name the same field
 * @example
 * for await (const batch of readCsv(stream, UsageMonthSchema, { batchSize: 50_000 })) {
 *   store(batch.valid);
 *   report(batch.errors);
 * }
 * @category Data
 */
export async function* readCsv<S extends z.ZodObject>(
  source: TextSource,
  schema: S,
  options: ReadOptions = {},
): AsyncGenerator<ValidatedBatch<z.output<S>>> {
  const { batchSize, encoding } = resolveReadOptions(schema, options, 'readCsv');
  const state = createCsvState(options, 'readCsv');
  const ctx = createValidationContext();
  const vopts: ReadOptions = { ...options, mode: 'collect' };
  let buf: RowSink & { fieldRows: string[][] } = { records: [], fieldRows: [], rowNumbers: [], problems: [] };
  const flush = function* (all: boolean) {
    // rows are field arrays (header without `__proto__`) or records, never both
    let size = buf.records.length + buf.fieldRows.length;
    while (size >= batchSize || (all && (size > 0 || buf.problems.length > 0))) {
      const n = Math.min(batchSize, size);
      const lastRow = n > 0 ? buf.rowNumbers[n - 1]! : Infinity;
      const problems = all && n === size ? buf.problems : buf.problems.filter((p) => p.row <= lastRow);
      const asFields = buf.fieldRows.length > 0;
      const rows = asFields ? buf.fieldRows.slice(0, n) : buf.records.slice(0, n);
      const batch = withProblems(validateRows(schema, rows, buf.rowNumbers.slice(0, n), vopts, ctx, asFields ? state.header : undefined), problems);
      buf = { records: buf.records.slice(asFields ? 0 : n), fieldRows: buf.fieldRows.slice(asFields ? n : 0), rowNumbers: buf.rowNumbers.slice(n), problems: buf.problems.filter((p) => !problems.includes(p)) };
      size -= n;
      if (options.mode === 'strict' && batch.errors.length > 0) throw strictError('readCsv', batch, options.maxErrors ?? 20);
      yield batch;
    }
  };
  for await (const chunk of textChunks(source, 'readCsv', encoding)) {
    feedCsv(state, chunk, false, buf);
    yield* flush(false);
  }
  feedCsv(state, '', true, buf);
  yield* flush(true);
}

/**
 * Reads JSON Lines (one JSON object per line) from a string or a stream of chunks, validates each
 * record and yields batches, as {@link readCsv} does. A line that is not valid JSON is reported
 * with its row number; blank lines are skipped.
 *
 * @param source - JSON Lines text or a stream of chunks
 * @param schema - e.g. `InteractionSchema`
 * @param options - validation options, `batchSize`, `mode`
 * @returns an async generator of validated batches
 * @throws ValidationError in `mode: 'strict'` at the first batch with a problem
 * @category Data
 */
export async function* readJsonLines<S extends z.ZodObject>(
  source: TextSource,
  schema: S,
  options: Omit<ReadOptions, 'delimiter' | 'columns'> = {},
): AsyncGenerator<ValidatedBatch<z.output<S>>> {
  const { batchSize, encoding } = resolveReadOptions(schema, options, 'readJsonLines');
  const ctx = createValidationContext();
  const vopts = { ...options, coerce: options.coerce ?? false, mode: 'collect' as const };
  let row = 0;
  let records: unknown[] = [];
  let rowNumbers: number[] = [];
  let problems: ValidationIssue[] = [];
  const take = (line: string) => {
    if (line.trim() === '') return;
    const r = row++;
    try {
      records.push(JSON.parse(line));
      rowNumbers.push(r);
    } catch (e) {
      problems.push({ row: r, path: [], reason: `not valid JSON (${(e as Error).message})`, value: line.length > 80 ? `${line.slice(0, 77)}...` : line });
    }
  };
  const emit = () => {
    const batch = withProblems(validateRows(schema, records as Record<string, unknown>[], rowNumbers, vopts, ctx), problems);
    records = [];
    rowNumbers = [];
    problems = [];
    if (options.mode === 'strict' && batch.errors.length > 0) throw strictError('readJsonLines', batch, options.maxErrors ?? 20);
    return batch;
  };
  // a line longer than a chunk is collected in parts and joined once: linear in its length
  let parts: string[] = [];
  for await (const chunk of textChunks(source, 'readJsonLines', encoding)) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      parts.push(chunk.slice(start, nl));
      take(parts.length === 1 ? parts[0]! : parts.join(''));
      parts = [];
      start = nl + 1;
      if (records.length >= batchSize) yield emit();
    }
    if (start < chunk.length) parts.push(chunk.slice(start));
  }
  take(parts.join(''));
  if (records.length > 0 || problems.length > 0) yield emit();
}

/**
 * Drains a batch reader into one result: all valid records and all errors.
 * @param batches - from {@link readCsv}, {@link readJsonLines} or `readCsvFile`
 * @returns the merged `{ valid, errors, invalidRows, unknownFields, rowsRead }`
 * @category Data
 */
export async function collectBatches<T>(batches: AsyncIterable<ValidationResult<T>>): Promise<ValidationResult<T>> {
  if (typeof batches !== 'object' || batches === null || typeof (batches as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') {
    throw new DataError(`collectBatches: expected the batches of readCsv, readJsonLines or readCsvFile, got ${batches === null ? 'null' : typeof batches}`);
  }
  const out: ValidationResult<T> = { valid: [], errors: [], invalidRows: [], unknownFields: [], rowsRead: 0 };
  for await (const b of batches) {
    for (const v of b.valid) out.valid.push(v);
    for (const e of b.errors) out.errors.push(e);
    for (const r of b.invalidRows) out.invalidRows.push(r);
    out.unknownFields = b.unknownFields;
    out.rowsRead += b.rowsRead;
  }
  return out;
}
