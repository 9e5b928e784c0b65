/**
 * CSV and JSON Lines ingestion: parse with papaparse, validate with a schema, and yield
 * validated batches so memory stays flat however long the input is.
 *
 * @module
 */
import Papa from 'papaparse';
import type * as z from 'zod';
import { DataError, type ValidationIssue } from '../errors.js';
import { createValidationContext, strictError, validateBatch, type ValidateOptions, type ValidationResult } from '../schema/validate.js';
import { textChunks, type TextSource } from './sources.js';
import { optionError } from '../internal/options.js';
import { MAX_BATCH_SIZE } from '../limits.js';

/** `batchSize` of the streaming readers: an integer in [1, MAX_BATCH_SIZE] (0, NaN or 0.5 would loop on empty batches). */
function checkBatchSize(v: number | undefined, fn: string): number {
  const b = v ?? 10_000;
  if (!Number.isInteger(b) || b < 1 || b > MAX_BATCH_SIZE) throw optionError(fn, 'batchSize', `an integer in [1, ${MAX_BATCH_SIZE}]`, b);
  return b;
}

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
  const state = createCsvState(options, 'parseCsv');
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
  delimiter: string | undefined;
  newline: '\n' | '\r\n' | '\r' | undefined;
  /** Text not yet parsed (an incomplete last row). */
  pending: string;
  /** Index of the next data row. */
  row: number;
}

function createCsvState(options: CsvParseOptions, fn: string): CsvState {
  return { options, fn, header: undefined, delimiter: options.delimiter, newline: undefined, pending: '', row: 0 };
}

/**
 * End of the last complete record in `text` (just after its line break), or 0 when none is
 * complete. A quote opens a quoted field only at the start of a field (so an inch mark inside an
 * unquoted field is plain text), and `""` inside a quoted field is an escaped quote, as RFC 4180
 * and papaparse read them; a line break inside a quoted field does not end the record.
 */
function completeLinesEnd(text: string, delimiter: string): number {
  if (text.indexOf('"') === -1) return text.lastIndexOf('\n') + 1;
  const d = delimiter.charCodeAt(0);
  const single = delimiter.length === 1;
  let inQuote = false;
  let fieldStart = true;
  let end = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuote) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else inQuote = false;
      }
      continue;
    }
    if (c === 34 && fieldStart) {
      inQuote = true;
      fieldStart = false;
    } else if (c === 10) {
      end = i + 1;
      fieldStart = true;
    } else if (c === 13) {
      fieldStart = true;
    } else if (single ? c === d : text.startsWith(delimiter, i)) {
      fieldStart = true;
      i += delimiter.length - 1;
    } else fieldStart = false;
  }
  return end;
}

function feedCsv(state: CsvState, chunk: string, final: boolean, out: Omit<CsvTable, 'header'>): void {
  let text = state.pending + chunk;
  let rest = '';
  if (!final && state.delimiter === undefined) {
    // the delimiter is detected on the first line before any record boundary is looked for
    const nl = text.indexOf('\n');
    if (nl < 0) {
      state.pending = text;
      return;
    }
    state.delimiter = Papa.parse<string[]>(text.slice(0, nl + 1), { preview: 1 }).meta.delimiter;
  }
  if (!final) {
    const end = completeLinesEnd(text, state.delimiter ?? ',');
    if (end <= 0) {
      state.pending = text;
      return;
    }
    rest = text.slice(end);
    text = text.slice(0, end);
  }
  state.pending = rest;
  if (text.length === 0) return;
  const result = Papa.parse<string[]>(text, {
    ...(state.delimiter ? { delimiter: state.delimiter } : {}),
    ...(state.newline ? { newline: state.newline } : {}),
    skipEmptyLines: true,
  });
  state.delimiter ??= result.meta.delimiter;
  state.newline ??= result.meta.linebreak as CsvState['newline'];
  const rows = result.data;
  let start = 0;
  if (!state.header) {
    if (rows.length === 0) return;
    const raw = rows[0]!;
    const names = state.options.columns;
    state.header = raw.map((h) => {
      const t = h.trim();
      return names?.[t] ?? t;
    });
    const seen = new Map<string, string>();
    raw.forEach((h, j) => {
      const name = state.header![j]!;
      const before = seen.get(name);
      if (before !== undefined) {
        throw new DataError(`${state.fn}: headers ${JSON.stringify(before)} and ${JSON.stringify(h.trim())} both name the field '${name}'; one would overwrite the other`);
      }
      seen.set(name, h.trim());
    });
    start = 1;
  }
  // papaparse's own complaints (a malformed or unterminated quote) make their row invalid; the
  // delimiter-guess note is not an error
  const broken = new Map<number, string>();
  for (const e of result.errors) {
    if (e.code === 'UndetectableDelimiter') continue;
    const r = typeof e.row === 'number' ? e.row : rows.length - 1;
    broken.set(r, broken.has(r) ? `${broken.get(r)}; ${e.message}` : e.message);
  }
  const header = state.header;
  const p = header.length;
  for (let r = start; r < rows.length; r++) {
    const fields = rows[r]!;
    const row = state.row++;
    const complaint = broken.get(r);
    if (complaint !== undefined) {
      out.problems.push({ row, path: [], reason: `malformed CSV (${complaint}); the row's fields may have absorbed the lines after it`, value: fields.join(state.delimiter ?? ',') });
      continue;
    }
    if (fields.length !== p) {
      out.problems.push({ row, path: [], reason: `ragged row: ${fields.length} fields, the header has ${p}`, value: fields.join(state.delimiter ?? ',') });
      continue;
    }
    const rec: Record<string, string> = {};
    for (let j = 0; j < p; j++) rec[header[j]!] = fields[j]!;
    out.records.push(rec);
    out.rowNumbers.push(row);
  }
}

/** Options of {@link readCsv} and {@link readJsonLines}. @category Data */
export interface ReadOptions extends CsvParseOptions, Omit<ValidateOptions, 'rowOffset' | 'mode'> {
  /** Records per yielded batch. Default 10,000. */
  batchSize?: number;
  /** `'strict'` throws at the first batch with a problem (listing it); default `'collect'`. */
  mode?: 'collect' | 'strict';
}

/** One validated batch. `valid` and `errors` as in `validateRecords`; row numbers count data rows from 0. @category Data */
export type ValidatedBatch<T> = ValidationResult<T>;

function validateRows<S extends z.ZodObject>(
  schema: S,
  records: readonly Record<string, unknown>[],
  rowNumbers: readonly number[],
  options: ReadOptions,
  ctx: ReturnType<typeof createValidationContext>,
): ValidationResult<z.output<S>> {
  // validate run by run of consecutive row numbers, so errors carry the input's own row numbers
  const merged: ValidationResult<z.output<S>> = { valid: [], errors: [], invalidRows: [], unknownFields: [], rowsRead: 0 };
  let i = 0;
  while (i < records.length) {
    let j = i + 1;
    while (j < records.length && rowNumbers[j] === rowNumbers[j - 1]! + 1) j++;
    const r = validateBatch(schema, records.slice(i, j), { ...options, rowOffset: rowNumbers[i]! }, ctx);
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
  const batchSize = checkBatchSize(options.batchSize, 'readCsv');
  const state = createCsvState(options, 'readCsv');
  const ctx = createValidationContext();
  const vopts: ReadOptions = { ...options, mode: 'collect' };
  let buf: Omit<CsvTable, 'header'> = { records: [], rowNumbers: [], problems: [] };
  const flush = function* (all: boolean) {
    while (buf.records.length >= batchSize || (all && (buf.records.length > 0 || buf.problems.length > 0))) {
      const n = Math.min(batchSize, buf.records.length);
      const lastRow = n > 0 ? buf.rowNumbers[n - 1]! : Infinity;
      const problems = all && n === buf.records.length ? buf.problems : buf.problems.filter((p) => p.row <= lastRow);
      const batch = withProblems(validateRows(schema, buf.records.slice(0, n), buf.rowNumbers.slice(0, n), vopts, ctx), problems);
      buf = { records: buf.records.slice(n), rowNumbers: buf.rowNumbers.slice(n), problems: buf.problems.filter((p) => !problems.includes(p)) };
      if (options.mode === 'strict' && batch.errors.length > 0) throw strictError('readCsv', batch, options.maxErrors ?? 20);
      yield batch;
    }
  };
  for await (const chunk of textChunks(source)) {
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
  const batchSize = checkBatchSize(options.batchSize, 'readJsonLines');
  const ctx = createValidationContext();
  const vopts = { ...options, coerce: options.coerce ?? false, mode: 'collect' as const };
  let pending = '';
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
  for await (const chunk of textChunks(source)) {
    const text = pending + chunk;
    const lines = text.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      take(line);
      if (records.length >= batchSize) yield emit();
    }
  }
  take(pending);
  if (records.length > 0 || problems.length > 0) yield emit();
}

/**
 * Drains a batch reader into one result: all valid records and all errors.
 * @param batches - from {@link readCsv}, {@link readJsonLines} or `readCsvFile`
 * @returns the merged `{ valid, errors, invalidRows, unknownFields, rowsRead }`
 * @category Data
 */
export async function collectBatches<T>(batches: AsyncIterable<ValidationResult<T>>): Promise<ValidationResult<T>> {
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
