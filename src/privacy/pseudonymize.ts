/**
 * `pseudonymize` and `rotatePseudonyms`: keyed pseudonyms (HMAC-SHA-256) tagged with the key id.
 *
 * @module
 */
import { OptionsError, ValidationError } from '../errors.js';
import { defineOptions, described, oneOf } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import type { ShapeOutput } from '../internal/option-kinds.js';
import type { ValidationIssue } from '../errors.js';
import { normalizePhone } from './normalize-phone.js';
import { createHmacSha256 } from './sha256.js';

/** Shortest key accepted, in bytes (256 bits, the HMAC-SHA-256 output size). @category Privacy */
export const MIN_KEY_BYTES = 32;
/** Longest id accepted, in UTF-16 code units (ids are identifiers, not documents). @category Privacy */
export const MAX_ID_LENGTH = 1024;
/** Issues listed at most in one ValidationError (the message gives the full count). */
const MAX_ISSUES = 100;

/** How ids are canonicalised before hashing. @category Privacy */
export type PseudonymNormalize = 'none' | 'phone' | 'trim-lowercase';

/** Options of {@link pseudonymize}. @category Privacy */
export interface PseudonymizeOptions {
  /** The secret key: at least {@link MIN_KEY_BYTES} random bytes, kept outside the data platform. */
  readonly key: Uint8Array;
  /** A short public name of the key (`[A-Za-z0-9_-]{1,32}`), written before every pseudonym so keys can rotate. */
  readonly keyId: string;
  /**
   * `'phone'`: {@link normalizePhone} first (China mainland numbers with or without +86/0086,
   * spaces, dashes; E.164 otherwise), and an id that is not a phone number is an error;
   * `'trim-lowercase'` (e-mail addresses and the like); `'none'` (default): the id as given.
   */
  readonly normalize?: PseudonymNormalize;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

interface Keyed {
  readonly mac: (message: Uint8Array, out: Uint8Array) => void;
  readonly prefix: string;
  readonly normalize: PseudonymNormalize;
}

/** The declared options of {@link pseudonymize}, also each side of {@link rotatePseudonyms}. */
const KEY_OPTIONS = {
  key: described(o.custom<Uint8Array>((v) => v instanceof Uint8Array), `a Uint8Array of at least ${MIN_KEY_BYTES} random bytes`),
  keyId: described(o.string({ regex: KEY_ID }), 'a string matching [A-Za-z0-9_-]{1,32}'),
  normalize: oneOf(['none', 'phone', 'trim-lowercase']).default('none'),
};
const parsePseudonymizeOptions = defineOptions('pseudonymize', KEY_OPTIONS);
const parseRotateOptions = defineOptions('rotatePseudonyms', { from: o.strictObject(KEY_OPTIONS), to: o.strictObject(KEY_OPTIONS) });

/**
 * The key's checks beyond its declaration: a string key is refused without echoing the secret,
 * and the length is named in bytes.
 */
function preCheckKey(fn: string, options: unknown, path: string): void {
  const key = options !== null && typeof options === 'object' ? (options as { key?: unknown }).key : undefined;
  if (typeof key === 'string') {
    throw new OptionsError(`${fn}: option ${path}key must be a Uint8Array of at least ${MIN_KEY_BYTES} random bytes, got a string (encode it, or better, generate random bytes)`, `${path}key`);
  }
}

function keyed(fn: string, o: ShapeOutput<typeof KEY_OPTIONS>, path: string): Keyed {
  if (o.key.length < MIN_KEY_BYTES) {
    throw new OptionsError(`${fn}: option ${path}key has ${o.key.length} bytes, at least ${MIN_KEY_BYTES} are required`, `${path}key`);
  }
  return { mac: createHmacSha256(o.key), prefix: `${o.keyId}:`, normalize: o.normalize };
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function canonical(ids: readonly string[], fn: string, normalize: PseudonymNormalize): string[] {
  if (!Array.isArray(ids)) throw new ValidationError(`${fn}: ids must be an array of strings`, [{ row: 0, path: [], reason: 'not an array', value: ids }]);
  const issues: ValidationIssue[] = [];
  let bad = 0;
  const out = new Array<string>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    let reason: string | undefined;
    let v: string | undefined;
    if (typeof id !== 'string') reason = `expected a string, got ${id === null ? 'null' : typeof id}`;
    else if (id.length === 0) reason = 'empty id';
    else if (id.length > MAX_ID_LENGTH) reason = `id longer than ${MAX_ID_LENGTH} characters`;
    else if (normalize === 'phone') {
      v = normalizePhone(id);
      if (v === undefined) reason = 'not a phone number (China mainland or E.164)';
    } else if (normalize === 'trim-lowercase') {
      v = id.trim().toLowerCase();
      if (v.length === 0) reason = 'empty id after trimming';
    } else v = id;
    if (reason !== undefined) {
      bad++;
      if (issues.length < MAX_ISSUES) issues.push({ row: i, path: [], reason, value: id });
    } else out[i] = v!;
  }
  if (bad > 0) {
    throw new ValidationError(`${fn}: ${bad} of ${ids.length} ids are unusable (first at row ${issues[0]!.row}: ${issues[0]!.reason}); nothing was pseudonymised`, issues);
  }
  return out;
}

function hashAll(values: readonly string[], k: Keyed): string[] {
  const enc = new TextEncoder();
  let buf = new Uint8Array(256);
  const tag = new Uint8Array(32);
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (buf.length < v.length * 3) buf = new Uint8Array(v.length * 3);
    const { written } = enc.encodeInto(v, buf);
    k.mac(buf.subarray(0, written), tag);
    let s = k.prefix;
    for (let j = 0; j < 32; j++) s += HEX[tag[j]!]!;
    out[i] = s;
  }
  return out;
}

/**
 * Replaces identifiers by keyed pseudonyms: `keyId:` followed by the hex HMAC-SHA-256 (RFC 2104)
 * of the canonical id under a secret key. The same id and key always give the same pseudonym (so
 * tables can still be joined); without the key, a pseudonym cannot be recomputed from a guessed id,
 * which is what makes it safer than a plain hash: every mainland mobile number (7 × 10⁹ of them)
 * can be hashed with plain SHA-256 in hours on one core (docs/privacy.md gives the measured figure).
 *
 * Synchronous by design: the HMAC is a pure-TypeScript SHA-256 (checked against RFC 4231 and
 * Web Crypto in the tests), the same in Node, Deno and browsers, because Web Crypto's
 * `crypto.subtle.sign` costs one promise per id and is several times slower on large batches.
 * Pseudonymisation is de-identification, not anonymisation: whoever holds the key can re-link.
 *
 * @param ids - identifiers (phone numbers, subscriber ids), non-empty strings of at most {@link MAX_ID_LENGTH} characters
 * @param options - `key` (≥ 32 bytes), `keyId`, `normalize`; see {@link PseudonymizeOptions}
 * @returns one pseudonym per id, in input order (65 characters plus the keyId each)
 * @throws OptionsError when the key is not a Uint8Array or is shorter than 32 bytes, or keyId/normalize are invalid
 * @throws ValidationError listing the ids that are not strings, empty, too long, or (with `normalize: 'phone'`) not phone numbers; nothing is returned then
 * @example
 * const key = new Uint8Array(32).fill(7); // use crypto.getRandomValues in real life
 * const [a, b] = pseudonymize(['138 1234 5678', '+86 138-1234-5678'], { key, keyId: 'k1', normalize: 'phone' });
 * a === b // => true
 * a.slice(0, 3) // => 'k1:'
 * a.length // => 67
 * @category Privacy
 */
export function pseudonymize(ids: readonly string[], options: PseudonymizeOptions): string[] {
  const fn = 'pseudonymize';
  preCheckKey(fn, options, '');
  const k = keyed(fn, parsePseudonymizeOptions(options), '');
  return hashAll(canonical(ids, fn, k.normalize), k);
}

/** Options of {@link rotatePseudonyms}. @category Privacy */
export interface RotatePseudonymsOptions {
  /** The key the stored pseudonyms were made with. */
  readonly from: PseudonymizeOptions;
  /** The new key. */
  readonly to: PseudonymizeOptions;
}

/** The answer of {@link rotatePseudonyms}: parallel arrays, old pseudonym `i` becomes new pseudonym `i`. @category Privacy */
export interface PseudonymRotation {
  readonly oldPseudonyms: string[];
  readonly newPseudonyms: string[];
}

/**
 * Builds the old → new pseudonym table for a key rotation, so stored tables keyed by the old
 * pseudonyms can be re-keyed by a lookup without exposing raw ids downstream.
 *
 * Why the raw ids are needed: HMAC is one-way, so no function of the old pseudonym alone yields
 * the new one (that would mean the old pseudonyms are linkable to the new ones by anyone holding
 * the table, which is precisely the mapping produced here, under control, once). Run it inside
 * the platform that holds the raw ids and both keys, then destroy the old key.
 *
 * @param ids - the raw identifiers (as for {@link pseudonymize})
 * @param options - `from` and `to` keys, each with its own `keyId` and `normalize`
 * @returns parallel arrays of old and new pseudonyms
 * @throws OptionsError for a bad key, or when `from` and `to` use the same keyId
 * @throws ValidationError as {@link pseudonymize}
 * @example
 * const from = { key: new Uint8Array(32).fill(1), keyId: 'k1' };
 * const to = { key: new Uint8Array(32).fill(2), keyId: 'k2' };
 * const r = rotatePseudonyms(['u1'], { from, to });
 * r.oldPseudonyms[0] === pseudonymize(['u1'], from)[0] // => true
 * r.newPseudonyms[0].slice(0, 3) // => 'k2:'
 * @category Privacy
 */
export function rotatePseudonyms(ids: readonly string[], options: RotatePseudonymsOptions): PseudonymRotation {
  const fn = 'rotatePseudonyms';
  if (options !== null && typeof options === 'object') {
    preCheckKey(fn, options.from, 'from.');
    preCheckKey(fn, options.to, 'to.');
  }
  const o = parseRotateOptions(options);
  const from = keyed(fn, o.from, 'from.');
  const to = keyed(fn, o.to, 'to.');
  if (o.from.keyId === o.to.keyId) throw new OptionsError(`${fn}: from and to have the same keyId '${o.to.keyId}'; a new key needs a new id`, 'to.keyId');
  return {
    oldPseudonyms: hashAll(canonical(ids, fn, from.normalize), from),
    newPseudonyms: hashAll(canonical(ids, fn, to.normalize), to),
  };
}
