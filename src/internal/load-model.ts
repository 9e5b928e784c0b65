/**
 * The one model loader: JSON text → a validated model of a kind in a kinds table.
 *
 * @module
 */
import type * as z from 'zod';
import { ModelError } from '../errors.js';
import { decodeJSON } from './codec.js';
import type { ModelKindTable } from './model.js';

/**
 * The one loader behind `parseModel` (over the table of every kind) and its typed wrappers
 * `loadPipeline` and `parseTagIndex` (over their module's table): decode, kind, version (newer →
 * refused, older → the kind's `migrate`), schema with the kind's invariants. Messages start with
 * `fn`, the public function the caller called.
 */
export function loadModelFrom<T extends ModelKindTable, K extends keyof T & string>(
  table: T,
  fn: string,
  text: string,
  expectedKind: K,
): z.output<T[K]['schema']>;
export function loadModelFrom(table: ModelKindTable, fn: string, text: string, expectedKind?: string): unknown;
export function loadModelFrom(table: ModelKindTable, fn: string, text: string, expectedKind?: string): unknown {
  if (typeof text !== 'string') throw new ModelError(`${fn}: expected JSON text (a string), got ${text === null ? 'null' : typeof text}`);
  let raw: unknown;
  try {
    raw = decodeJSON(text);
  } catch (e) {
    throw new ModelError(`${fn}: not valid model JSON (${(e as Error).message})`, { cause: e });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ModelError(`${fn}: expected a JSON object with \`kind\` and \`version\``);
  }
  const { kind, version } = raw as { kind?: unknown; version?: unknown };
  if (typeof kind !== 'string') throw new ModelError(`${fn}: the model has no string \`kind\``);
  if (expectedKind !== undefined && kind !== expectedKind) {
    throw new ModelError(`${fn}: expected a model of kind '${expectedKind}', got '${kind}'`);
  }
  const entry = Object.hasOwn(table, kind) ? table[kind] : undefined;
  if (!entry) {
    throw new ModelError(`${fn}: unknown model kind '${kind}' (known: ${Object.keys(table).join(', ') || 'none'})`);
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ModelError(`${fn}: '${kind}' model has no valid integer \`version\``);
  }
  if (version > entry.version) {
    throw new ModelError(
      `${fn}: '${kind}' model has version ${version}, newer than this telcokit supports (${entry.version}); upgrade telcokit`,
    );
  }
  let current = raw as Record<string, unknown>;
  if (version < entry.version && entry.migrate) {
    try {
      current = entry.migrate(current, version);
    } catch (e) {
      throw new ModelError(`${fn}: '${kind}' model of version ${version} cannot be migrated to ${entry.version} (${(e as Error).message})`, { cause: e });
    }
  }
  const parsed = entry.schema.safeParse(current);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.map(String).join('.') || '(root)' : '(root)';
    throw new ModelError(`${fn}: '${kind}' model is malformed at ${where}: ${first?.message ?? 'invalid'}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
