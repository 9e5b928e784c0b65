/**
 * `normalizePhone`: one canonical E.164 spelling per phone number, so that one subscriber gets
 * one pseudonym however the number was typed.
 *
 * @module
 */

/** Separators people type inside phone numbers: spaces (incl. no-break), dashes, dots, brackets. */
const SEPARATORS = /[\s\u00a0\u3000\-‐‑–—.()（）]/g;
const DIGITS = /^[0-9]+$/;
const CN_MOBILE = /^1[3-9][0-9]{9}$/;

/**
 * Normalises a phone number to E.164 (`+` then 8–15 digits), reading numbers without a country
 * code as China mainland numbers.
 *
 * Rules, in order, after removing spaces, dashes, dots and brackets:
 * `+…` is kept; a leading `00` (international call prefix) becomes `+`; an 11-digit mainland mobile
 * number `1[3-9]xxxxxxxxx` gets `+86`; `86` followed by a mainland mobile number gets `+`; a
 * mainland landline with its trunk `0` (`010 1234 5678`) becomes `+86` without the `0`. A `+86`
 * number starting with `1` must be a mainland mobile number (11 digits, second digit 3–9).
 *
 * @param raw - the number as typed
 * @returns the E.164 form, e.g. `'+8613812345678'`, or `undefined` when `raw` is not a phone number
 * @example
 * normalizePhone('138 1234 5678') // => '+8613812345678'
 * normalizePhone('+86-138-1234-5678') // => '+8613812345678'
 * normalizePhone('0086 13812345678') // => '+8613812345678'
 * normalizePhone('+1 (415) 555-0100') // => '+14155550100'
 * normalizePhone('12345') // => undefined
 * @category Privacy
 */
export function normalizePhone(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > 64) return undefined;
  let s = raw.replace(SEPARATORS, '').replace(/^＋/, '+');
  let international = false;
  if (s.startsWith('+')) {
    s = s.slice(1);
    international = true;
  } else if (s.startsWith('00')) {
    s = s.slice(2);
    international = true;
  }
  if (!DIGITS.test(s)) return undefined;
  if (!international) {
    if (CN_MOBILE.test(s)) s = `86${s}`;
    else if (s.length === 13 && s.startsWith('86') && CN_MOBILE.test(s.slice(2))) {
      // already carries the country code
    } else if (s.startsWith('0') && s.length >= 10 && s.length <= 12 && s[1] !== '0') s = `86${s.slice(1)}`;
    else return undefined;
  }
  if (s.length < 8 || s.length > 15 || s.startsWith('0')) return undefined;
  if (/^861[3-9]/.test(s) && !CN_MOBILE.test(s.slice(2))) return undefined;
  return `+${s}`;
}
