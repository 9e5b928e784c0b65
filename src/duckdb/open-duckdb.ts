/**
 * `openDuckDb` / `closeDuckDb`: an embedded DuckDB for the `telcokit/duckdb` entry. The native
 * engine comes from the optional peer dependency `@duckdb/node-api`, loaded on first use by a
 * dynamic import, so importing telcokit (or even this entry) never loads a native binary.
 *
 * @module
 */
import { AbortError, DataError, DependencyError, OptionsError } from '../errors.js';

/** The part of `@duckdb/node-api`'s connection this entry uses (structural, so its types are not needed to compile against telcokit). */
export interface DuckDbConnectionLike {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[]; columnNames(): string[] }>;
  stream(sql: string): Promise<{ columnNames(): string[]; fetchChunk(): Promise<DuckDbChunkLike | null> }>;
  interrupt(): void;
  closeSync(): void;
}

/** A data chunk of a streamed result (internal). */
export interface DuckDbChunkLike {
  readonly rowCount: number;
  getColumnValues(columnIndex: number): unknown[];
}

/**
 * An open embedded DuckDB: pass it to the other `telcokit/duckdb` functions and close it with
 * {@link closeDuckDb}. `connection` is `@duckdb/node-api`'s `DuckDBConnection`, for your own SQL.
 * @category DuckDB
 */
export interface TelcoDuckDb {
  readonly connection: DuckDbConnectionLike;
  /** Resolved settings. */
  readonly options: Required<Pick<OpenDuckDbOptions, 'threads' | 'memoryLimit'>> & { readonly path: string };
  /** @internal */
  readonly close: () => void;
}

/** Options of {@link openDuckDb}. @category DuckDB */
export interface OpenDuckDbOptions {
  /** Database file; default `':memory:'` (DuckDB still spills to its temp directory when memory runs out). */
  path?: string;
  /** Worker threads of the engine (default 2; an integer in 1…256). */
  threads?: number;
  /** DuckDB's memory limit, e.g. `'1GB'` (default `'2GB'`); larger work spills to `tempDirectory`. */
  memoryLimit?: string;
  /** Where DuckDB spills (default DuckDB's own, `<path>.tmp` or `.tmp`). */
  tempDirectory?: string;
}

/** The module specifier of the optional peer dependency. */
export const DUCKDB_PACKAGE = '@duckdb/node-api';

/** How to install the peer dependency, for messages. */
export const INSTALL_HINT = `install the optional peer dependency with \`npm install ${DUCKDB_PACKAGE}\` (it ships DuckDB's native binary for your platform)`;

/** Loads `@duckdb/node-api` (internal; the specifier is a parameter so tests can simulate its absence). */
export async function loadDuckDbModule(fn: string, specifier: string = DUCKDB_PACKAGE): Promise<{ DuckDBInstance: { create(path?: string, options?: Record<string, string>): Promise<{ connect(): Promise<DuckDbConnectionLike>; closeSync(): void }> } }> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as never;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(String((e as Error).message))) {
      throw new DependencyError(`${fn}: ${specifier} is not installed; ${INSTALL_HINT}`, [specifier], { cause: e });
    }
    throw e;
  }
}

/**
 * Opens an embedded DuckDB (in memory by default) with a thread count and a memory limit, so
 * files larger than memory are processed by spilling to disk rather than by growing the process.
 *
 * @param options - `path`, `threads` (default 2), `memoryLimit` (default `'2GB'`), `tempDirectory`
 * @returns an open database; close it with {@link closeDuckDb}
 * @throws DependencyError when `@duckdb/node-api` is not installed (the message says how to install it)
 * @throws OptionsError for a bad option
 * @example
 * // const db = await openDuckDb({ threads: 2, memoryLimit: '1GB' });
 * DUCKDB_PACKAGE // => '@duckdb/node-api'
 * @category DuckDB
 */
export async function openDuckDb(options: OpenDuckDbOptions = {}): Promise<TelcoDuckDb> {
  const fn = 'openDuckDb';
  for (const k of Object.keys(options)) {
    if (!['path', 'threads', 'memoryLimit', 'tempDirectory'].includes(k)) throw new OptionsError(`${fn}: unknown option '${k}'`, k);
  }
  const threads = options.threads ?? 2;
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new OptionsError(`${fn}: threads must be an integer in 1…256, got ${String(threads)}`, 'threads');
  const memoryLimit = options.memoryLimit ?? '2GB';
  if (typeof memoryLimit !== 'string' || !/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) {
    throw new OptionsError(`${fn}: memoryLimit must be a size such as '1GB' or '512MB', got ${JSON.stringify(memoryLimit)}`, 'memoryLimit');
  }
  const path = options.path ?? ':memory:';
  const mod = await loadDuckDbModule(fn);
  const settings: Record<string, string> = { threads: String(threads), memory_limit: memoryLimit };
  if (options.tempDirectory !== undefined) settings.temp_directory = options.tempDirectory;
  let instance;
  try {
    instance = await mod.DuckDBInstance.create(path, settings);
  } catch (e) {
    throw new DataError(`${fn}: DuckDB could not open ${JSON.stringify(path)}: ${(e as Error).message}`);
  }
  const connection = await instance.connect();
  return {
    connection,
    options: { threads, memoryLimit, path },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Closes a database from {@link openDuckDb} (its connection and engine).
 * @param db - the database
 * @category DuckDB
 */
export function closeDuckDb(db: TelcoDuckDb): void {
  db.close();
}

/**
 * Runs `work` with the query interrupted when `signal` fires (then throws AbortError naming `fn`);
 * wraps DuckDB's own errors in a DataError naming `fn` (internal).
 */
export async function guarded<T>(db: TelcoDuckDb, fn: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  if (signal?.aborted) throw new AbortError(fn);
  const stop = (): void => db.connection.interrupt();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    return await work();
  } catch (e) {
    if (signal?.aborted) throw new AbortError(fn);
    if (e instanceof Error && (e as { code?: unknown }).code === undefined && !('issues' in e)) {
      throw new DataError(`${fn}: DuckDB: ${e.message}`);
    }
    throw e;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
