/**
 * Node-only helpers: stream files from disk into the validating readers. Import from
 * `telcokit/node`; everything else in telcokit runs in Node, Deno and browsers.
 * @module node
 */
import { createReadStream } from 'node:fs';
import type * as z from 'zod';
import { readCsv, readJsonLines, type ReadOptions, type ValidatedBatch } from '../data/csv.js';

/**
 * Streams a CSV file from disk, validating each record against `schema` and yielding batches of
 * at most `options.batchSize` records (default 10,000), so a file of any size reads in flat
 * memory.
 *
 * @param path - file path
 * @param schema - e.g. `UsageMonthSchema`
 * @param options - as for `readCsv`, plus `highWaterMark` (bytes read at a time, default 1 MiB)
 * @returns an async generator of validated batches
 * @throws ValidationError in `mode: 'strict'`; the file system's error when the file cannot be read
 * @example
 * for await (const b of readCsvFile('usage.csv', UsageMonthSchema)) console.log(b.valid.length, b.errors.length);
 * @category Node
 */
export function readCsvFile<S extends z.ZodObject>(
  path: string,
  schema: S,
  options: ReadOptions & { highWaterMark?: number } = {},
): AsyncGenerator<ValidatedBatch<z.output<S>>> {
  return readCsv(createReadStream(path, { highWaterMark: options.highWaterMark ?? 1 << 20 }), schema, options);
}

/**
 * Streams a JSON Lines file from disk, validating and batching as {@link readCsvFile} does.
 * @param path - file path
 * @param schema - e.g. `InteractionSchema`
 * @param options - as for `readJsonLines`, plus `highWaterMark`
 * @returns an async generator of validated batches
 * @category Node
 */
export function readJsonLinesFile<S extends z.ZodObject>(
  path: string,
  schema: S,
  options: Omit<ReadOptions, 'delimiter' | 'columns'> & { highWaterMark?: number } = {},
): AsyncGenerator<ValidatedBatch<z.output<S>>> {
  return readJsonLines(createReadStream(path, { highWaterMark: options.highWaterMark ?? 1 << 20 }), schema, options);
}
export { serveFetchHandler } from './serve-fetch-handler.js';
export type { ServeFetchHandlerOptions, ServedHandler } from './serve-fetch-handler.js';
