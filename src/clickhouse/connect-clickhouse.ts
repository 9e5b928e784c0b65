/**
 * `connectClickHouse`, `openChdb` and `closeClickHouse`: the client every `telcokit/clickhouse`
 * function drives. The adapter is written against the small part of `@clickhouse/client`'s
 * interface it needs ({@link ClickHouseClientLike}), so the same code runs a ClickHouse server
 * (through `@clickhouse/client`) or the embedded engine chDB (`chdb`). Both are optional peer
 * dependencies, loaded on first use by a dynamic import: importing telcokit never loads them.
 *
 * @module
 */
import { AbortError, DataError, DependencyError, OptionsError, isTelcoError } from '../errors.js';
import { checkSqlText } from '../sql/dialect.js';

/**
 * The part of `@clickhouse/client`'s client this entry uses: `query` with the `JSONEachRow`
 * format, `command` for statements without a result, and `close`. {@link connectClickHouse} and
 * {@link openChdb} return one; a test may pass its own.
 * @category ClickHouse
 */
export interface ClickHouseClientLike {
  query(params: { query: string; format: 'JSONEachRow'; abort_signal?: AbortSignal }): Promise<{ json<T = unknown>(): Promise<T[]> }>;
  command(params: { query: string; abort_signal?: AbortSignal }): Promise<unknown>;
  close(): Promise<void>;
}

/** Options of {@link connectClickHouse}. @category ClickHouse */
export interface ConnectClickHouseOptions {
  /** The server's HTTP(S) URL, e.g. `'http://127.0.0.1:8123'` (required). */
  url: string;
  /** User name (default `'default'`). */
  username?: string;
  /** Password (default empty). */
  password?: string;
  /** Database the unqualified table names live in (default the user's default database). */
  database?: string;
  /** Request timeout in milliseconds (default 300,000; an integer in 1…86,400,000). */
  requestTimeoutMs?: number;
}

/** The module specifier of the server client, an optional peer dependency. @category ClickHouse */
export const CLICKHOUSE_CLIENT_PACKAGE = '@clickhouse/client';
/** The module specifier of the embedded engine, an optional peer dependency. @category ClickHouse */
export const CHDB_PACKAGE = 'chdb';

/** Loads an optional peer dependency (internal; the specifier is a parameter so tests can simulate its absence). */
export async function loadPeer(fn: string, specifier: string, hint: string): Promise<Record<string, unknown>> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(String((e as Error).message))) {
      throw new DependencyError(`${fn}: ${specifier} is not installed; install the optional peer dependency with \`npm install ${specifier}\` (${hint})`, [specifier], { cause: e });
    }
    throw e;
  }
}

const CONNECT_KEYS = ['url', 'username', 'password', 'database', 'requestTimeoutMs'];

/**
 * Connects to a ClickHouse server over HTTP through `@clickhouse/client`. No request is sent
 * until the first query; a server that cannot be reached fails that query with a DataError.
 *
 * @param options - `url` (required), `username`, `password`, `database`, `requestTimeoutMs`
 * @param specifier - the client's module specifier (default `'@clickhouse/client'`; for tests)
 * @returns a client for the other `telcokit/clickhouse` functions; close it with {@link closeClickHouse}
 * @throws DependencyError when `@clickhouse/client` is not installed (the message says how to install it)
 * @throws OptionsError for a missing or bad option
 * @example
 * // const client = await connectClickHouse({ url: 'http://127.0.0.1:8123' });
 * CLICKHOUSE_CLIENT_PACKAGE // => '@clickhouse/client'
 * @category ClickHouse
 */
export async function connectClickHouse(options: ConnectClickHouseOptions, specifier: string = CLICKHOUSE_CLIENT_PACKAGE): Promise<ClickHouseClientLike> {
  const fn = 'connectClickHouse';
  if (options === null || typeof options !== 'object') throw new OptionsError(`${fn}: options must be an object with a \`url\``, 'options');
  for (const k of Object.keys(options)) if (!CONNECT_KEYS.includes(k)) throw new OptionsError(`${fn}: unknown option '${k}'`, k);
  if (typeof options.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(options.url)) {
    throw new OptionsError(`${fn}: url must be an http:// or https:// URL, got ${JSON.stringify(options.url)}`, 'url');
  }
  for (const k of ['username', 'password', 'database'] as const) {
    const v = options[k];
    if (v !== undefined && typeof v !== 'string') throw new OptionsError(`${fn}: ${k} must be a string`, k);
  }
  const timeout = options.requestTimeoutMs ?? 300_000;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 86_400_000) {
    throw new OptionsError(`${fn}: requestTimeoutMs must be an integer in 1…86400000, got ${String(timeout)}`, 'requestTimeoutMs');
  }
  const mod = await loadPeer(fn, specifier, 'the official ClickHouse client for Node.js');
  const createClient = mod.createClient as (c: Record<string, unknown>) => ClickHouseClientLike;
  return createClient({
    url: options.url,
    username: options.username ?? 'default',
    password: options.password ?? '',
    ...(options.database === undefined ? {} : { database: options.database }),
    request_timeout: timeout,
    // progress headers keep long queries' connections alive behind load balancers
    clickhouse_settings: { send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '60000' },
    // failures reach the caller as DataErrors; the client's own logger would print them a second time
    log: { level: (mod.ClickHouseLogLevel as Record<string, unknown> | undefined)?.OFF ?? 127 },
  });
}

/** The part of chDB's `Session` used here. */
interface ChdbSessionLike {
  queryAsync(query: string, opts?: { format?: string; signal?: AbortSignal }): Promise<{ text(): string }>;
  close(): void;
}

/**
 * Opens the embedded ClickHouse engine chDB (`chdb`, an optional peer dependency) and wraps its
 * session in the {@link ClickHouseClientLike} interface, so every `telcokit/clickhouse` function
 * runs in-process on a laptop exactly as it runs on a server. The data lives in a temporary
 * directory removed on close, or in `path`.
 *
 * @param path - a directory for the database files (default a temporary one)
 * @param specifier - the engine's module specifier (default `'chdb'`; for tests)
 * @returns a client; close it with {@link closeClickHouse}
 * @throws DependencyError when `chdb` is not installed (the message says how to install it)
 * @throws OptionsError for a path that is not a non-empty string
 * @example
 * // const client = await openChdb();
 * CHDB_PACKAGE // => 'chdb'
 * @category ClickHouse
 */
export async function openChdb(path?: string, specifier: string = CHDB_PACKAGE): Promise<ClickHouseClientLike> {
  const fn = 'openChdb';
  if (path !== undefined && (typeof path !== 'string' || path.length === 0)) throw new OptionsError(`${fn}: path must be a non-empty string`, 'path');
  if (path !== undefined) checkSqlText(path, 'path', fn, 'path');
  const mod = await loadPeer(fn, specifier, 'it ships the embedded ClickHouse engine for Linux and macOS');
  const Session = mod.Session as new (p?: string) => ChdbSessionLike;
  const session = path === undefined ? new Session() : new Session(path);
  let closed = false;
  const run = async (query: string, format: string, signal?: AbortSignal): Promise<string> => {
    if (closed) throw new DataError(`${fn}: the chDB session is closed`);
    const r = await session.queryAsync(query, signal ? { format, signal } : { format });
    return r.text();
  };
  return {
    async query({ query, abort_signal }) {
      const text = await run(query, 'JSONEachRow', abort_signal);
      return {
        json: <T>() => Promise.resolve(text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as T)),
      };
    },
    async command({ query, abort_signal }) {
      await run(query, 'TabSeparated', abort_signal);
      return {};
    },
    close() {
      if (!closed) {
        closed = true;
        session.close();
      }
      return Promise.resolve();
    },
  };
}

/**
 * Closes a client from {@link connectClickHouse} or {@link openChdb}.
 * @param client - the client
 * @throws OptionsError when `client` is not a client
 * @category ClickHouse
 */
export async function closeClickHouse(client: ClickHouseClientLike): Promise<void> {
  checkClient(client, 'closeClickHouse');
  await client.close();
}

/** Throws unless `client` has the {@link ClickHouseClientLike} methods (internal). */
export function checkClient(client: unknown, fn: string): asserts client is ClickHouseClientLike {
  const c = client as Record<string, unknown> | null;
  if (c === null || typeof c !== 'object' || typeof c.query !== 'function' || typeof c.command !== 'function' || typeof c.close !== 'function') {
    throw new OptionsError(`${fn}: client must come from connectClickHouse or openChdb (an object with query, command and close)`, 'client');
  }
}

/** Wraps the engine's own errors in a DataError naming `fn`; an aborted signal becomes AbortError (internal). */
function wrap(e: unknown, fn: string, signal: AbortSignal | undefined): never {
  if (signal?.aborted) throw new AbortError(fn);
  if (isTelcoError(e)) throw e;
  const msg = e instanceof Error ? e.message : String(e);
  throw new DataError(`${fn}: ClickHouse: ${msg.length > 2000 ? `${msg.slice(0, 2000)}…` : msg}`);
}

/** Runs a statement (internal). */
export async function exec(client: ClickHouseClientLike, fn: string, sql: string, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new AbortError(fn);
  try {
    await client.command(signal ? { query: sql, abort_signal: signal } : { query: sql });
  } catch (e) {
    wrap(e, fn, signal);
  }
}

/** Runs a query and returns its rows (internal). */
export async function rows<T = Record<string, unknown>>(client: ClickHouseClientLike, fn: string, sql: string, signal?: AbortSignal): Promise<T[]> {
  if (signal?.aborted) throw new AbortError(fn);
  try {
    const r = await client.query(signal ? { query: sql, format: 'JSONEachRow', abort_signal: signal } : { query: sql, format: 'JSONEachRow' });
    return await r.json<T>();
  } catch (e) {
    return wrap(e, fn, signal);
  }
}

/** A ClickHouse identifier, backquoted with backslash escapes (internal). */
export const ident = (s: string): string => `\`${s.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
/** A ClickHouse string literal (internal). */
export const text = (s: string): string => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** Checks a table or column name given by the caller (internal). */
export function checkName(s: unknown, fn: string, option: string): string {
  if (typeof s !== 'string' || s.length === 0) throw new OptionsError(`${fn}: ${option} must be a non-empty string`, option);
  if (s.length > 200) throw new OptionsError(`${fn}: ${option} is longer than 200 characters`, option);
  checkSqlText(s, option, fn, option);
  return s;
}

/** A table name as `db`.`t` or `t` (a string with one dot is not split: pass `[db, table]`) (internal). */
export type TableName = string | readonly [string, string];

/** Quotes a table name given as a string or `[database, table]` (internal). */
export function tableSql(t: unknown, fn: string, option: string): string {
  if (Array.isArray(t) && t.length === 2) return `${ident(checkName(t[0], fn, option))}.${ident(checkName(t[1], fn, option))}`;
  return ident(checkName(t, fn, option));
}

/** The last part of a table name (internal). */
export function tableBase(t: TableName): string {
  return typeof t === 'string' ? t : t[1];
}

/** A sibling table name `[db.]base + suffix`, quoted (internal). */
export function siblingSql(t: TableName, suffix: string): string {
  return typeof t === 'string' ? ident(t + suffix) : `${ident(t[0])}.${ident(t[1] + suffix)}`;
}

/** Whether a table exists (internal). */
export async function tableExists(client: ClickHouseClientLike, fn: string, quoted: string, signal?: AbortSignal): Promise<boolean> {
  const r = await rows(client, fn, `EXISTS TABLE ${quoted}`, signal);
  return Number(Object.values(r[0] ?? {})[0]) === 1;
}

/** Throws DataError naming the table when it does not exist (internal). */
export async function requireTable(client: ClickHouseClientLike, fn: string, quoted: string, option: string, signal?: AbortSignal): Promise<void> {
  if (!(await tableExists(client, fn, quoted, signal))) throw new DataError(`${fn}: table ${quoted} (option ${option}) does not exist`);
}
