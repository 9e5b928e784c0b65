/**
 * API keys of the decision handler: keyed hashes (HMAC-SHA-256 through Web Crypto) and a
 * constant-time comparison.
 *
 * @module
 */
import { OptionsError } from '../../errors.js';

/** Shortest key-hashing secret accepted, in bytes. @category Realtime */
export const MIN_KEY_SECRET_BYTES = 32;
/** Longest API key accepted, in characters (longer presented keys are refused unhashed). @category Realtime */
export const MAX_API_KEY_LENGTH = 256;

/** Imports the HMAC key (Web Crypto: Node ≥ 20, Deno, Bun, browsers and edge runtimes). */
export async function importHmacKey(secret: Uint8Array, fn: string): Promise<CryptoKey> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new OptionsError(`${fn}: Web Crypto (globalThis.crypto.subtle) is not available in this runtime`, 'keySecret');
  return subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** HMAC-SHA-256 of the key's UTF-8 bytes, as 32 bytes. */
export async function macOf(cryptoKey: CryptoKey, apiKey: string): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', cryptoKey, new TextEncoder().encode(apiKey)));
}

export function checkSecret(secret: unknown, fn: string): Uint8Array {
  if (!(secret instanceof Uint8Array)) throw new OptionsError(`${fn}: keySecret must be a Uint8Array of at least ${MIN_KEY_SECRET_BYTES} random bytes`, 'keySecret');
  if (secret.length < MIN_KEY_SECRET_BYTES) throw new OptionsError(`${fn}: keySecret has ${secret.length} bytes, at least ${MIN_KEY_SECRET_BYTES} are required`, 'keySecret');
  return secret;
}

export function checkApiKey(apiKey: unknown, fn: string): string {
  if (typeof apiKey !== 'string' || apiKey.length < 16 || apiKey.length > MAX_API_KEY_LENGTH) {
    throw new OptionsError(`${fn}: an API key is a string of 16 to ${MAX_API_KEY_LENGTH} characters`, 'apiKey');
  }
  return apiKey;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b]!;
  return s;
}

/** Parses 64 lowercase or uppercase hex digits into 32 bytes, or undefined. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Compares two byte strings of the same length in time independent of where they differ
 * (every byte is read; the differences are OR-ed together).
 */
export function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * The keyed hash under which the decision handler stores an API key: HMAC-SHA-256 of the key with
 * the operator's secret, as 64 hex digits. Store this (with the key's id and scopes) in the
 * handler's configuration, never the key itself; a leaked configuration then reveals no key, and
 * without the secret the hashes cannot be brute-forced offline.
 *
 * @param apiKey - the key given to the client, 16 to {@link MAX_API_KEY_LENGTH} characters
 * @param keySecret - at least {@link MIN_KEY_SECRET_BYTES} random bytes, kept outside the configuration
 * @returns a promise of the hash, 64 lowercase hex digits
 * @throws OptionsError for a key or secret of the wrong type or length
 * @example
 * const hash = await hashApiKey('k'.repeat(32), new Uint8Array(32).fill(7));
 * hash.length // => 64
 * @category Realtime
 */
export async function hashApiKey(apiKey: string, keySecret: Uint8Array): Promise<string> {
  const fn = 'hashApiKey';
  const key = checkApiKey(apiKey, fn);
  const cryptoKey = await importHmacKey(checkSecret(keySecret, fn), fn);
  return toHex(await macOf(cryptoKey, key));
}
