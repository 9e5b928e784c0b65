import { createHash, createHmac, randomBytes, webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { normalizePhone, OptionsError, pseudonymize, rotatePseudonyms, ValidationError } from 'telcokit';
import { hmacSha256, sha256 } from '../../src/privacy/sha256';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const fill = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

// RFC 4231, section 4 (HMAC-SHA-256 lines)
const RFC4231: { key: Uint8Array; data: Uint8Array; mac: string }[] = [
  { key: fill(20, 0x0b), data: bytes('Hi There'), mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' },
  { key: bytes('Jefe'), data: bytes('what do ya want for nothing?'), mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' },
  { key: fill(20, 0xaa), data: fill(50, 0xdd), mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe' },
  {
    key: Uint8Array.from({ length: 25 }, (_, i) => i + 1),
    data: fill(50, 0xcd),
    mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  },
  { key: fill(20, 0x0c), data: bytes('Test With Truncation'), mac: 'a3b6167473100ee06e0c796c2955552b' },
  { key: fill(131, 0xaa), data: bytes('Test Using Larger Than Block-Size Key - Hash Key First'), mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54' },
  {
    key: fill(131, 0xaa),
    data: bytes(
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    ),
    mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

describe('hmacSha256 / sha256 (internal pure-TypeScript implementation)', () => {
  test.each(RFC4231.map((v, i) => [i + 1, v] as const))('RFC 4231 test case %i', (_, v) => {
    expect(hex(hmacSha256(v.key, v.data)).slice(0, v.mac.length)).toBe(v.mac);
  });

  test('sha256 of the FIPS 180-4 examples', () => {
    expect(hex(sha256(bytes('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256(bytes('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  test('agrees with node:crypto for every message length 0..300 and random keys', () => {
    for (let n = 0; n <= 300; n++) {
      const msg = Uint8Array.from(randomBytes(n));
      const key = Uint8Array.from(randomBytes((n * 7) % 150));
      expect(hex(sha256(msg))).toBe(createHash('sha256').update(msg).digest('hex'));
      expect(hex(hmacSha256(key, msg))).toBe(createHmac('sha256', key).update(msg).digest('hex'));
    }
  });

  test('agrees with Web Crypto HMAC (crypto.subtle.sign) on random keys and messages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 100 }), fc.uint8Array({ maxLength: 200 }), async (key, msg) => {
        const k = await webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        const ref = new Uint8Array(await webcrypto.subtle.sign('HMAC', k, msg));
        expect(hex(hmacSha256(key, msg))).toBe(hex(ref));
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe('normalizePhone', () => {
  test.each([
    ['13812345678', '+8613812345678'],
    ['138 1234 5678', '+8613812345678'],
    ['138-1234-5678', '+8613812345678'],
    ['+86 138 1234 5678', '+8613812345678'],
    ['+86-13812345678', '+8613812345678'],
    ['0086 138 1234 5678', '+8613812345678'],
    ['008613812345678', '+8613812345678'],
    ['8613812345678', '+8613812345678'],
    ['(+86) 138.1234.5678', '+8613812345678'],
    ['010-12345678', '+861012345678'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['0044 20 7946 0018', '+442079460018'],
  ])('normalizePhone(%j) is %j', (raw, want) => {
    expect(normalizePhone(raw)).toBe(want);
  });
  test.each(['', '12345', '1381234567', '+86 1381234567', 'abc', '+8613812345678x', '+0123456789'])('normalizePhone(%j) is undefined', (raw) => {
    expect(normalizePhone(raw)).toBeUndefined();
  });
});

describe('pseudonymize(ids, { key, keyId, normalize })', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  test('every spelling of one mainland number gets one pseudonym', () => {
    const spellings = ['13812345678', '138 1234 5678', '138-1234-5678', '+86 138 1234 5678', '0086-138-1234-5678', '8613812345678'];
    const p = pseudonymize(spellings, { key, keyId: 'k1', normalize: 'phone' });
    expect(new Set(p).size).toBe(1);
    expect(p[0]).toBe(`k1:${createHmac('sha256', key).update('+8613812345678').digest('hex')}`);
  });

  test('two keys give unlinkable pseudonyms: no pseudonym and no hex digit pattern shared', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `1380000${String(i).padStart(4, '0')}`);
    const a = pseudonymize(ids, { key, keyId: 'a' }).map((s) => s.slice(2));
    const b = pseudonymize(ids, { key: fill(32, 9), keyId: 'b' }).map((s) => s.slice(2));
    expect(new Set([...a, ...b]).size).toBe(4000);
    // the first hex digit of b is independent of a's: chi-square over 16 × 16 cells (df 225, 0.999 quantile 304.9)
    const cells = new Float64Array(256);
    for (let i = 0; i < ids.length; i++) cells[parseInt(a[i]![0]!, 16) * 16 + parseInt(b[i]![0]!, 16)]!++;
    const e = ids.length / 256;
    const chi2 = cells.reduce((s, o) => s + (o - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(304.9);
  });

  test('is deterministic and does not mutate its input', () => {
    const ids = Object.freeze(['u1', 'u2', 'u1']);
    const p = pseudonymize(ids, { key, keyId: 'k' });
    expect(p[0]).toBe(p[2]);
    expect(p[0]).not.toBe(p[1]);
    expect(pseudonymize(ids, { key, keyId: 'k' })).toEqual(p);
  });

  test("normalize 'trim-lowercase' folds case and spaces", () => {
    const p = pseudonymize([' A@b.cn', 'a@B.CN '], { key, keyId: 'k', normalize: 'trim-lowercase' });
    expect(p[0]).toBe(p[1]);
  });

  test('a short key, a string key or a bad keyId is an OptionsError naming the option', () => {
    expect(() => pseudonymize(['a'], { key: new Uint8Array(31), keyId: 'k' })).toThrow(OptionsError);
    expect(() => pseudonymize(['a'], { key: 'a'.repeat(64) as unknown as Uint8Array, keyId: 'k' })).toThrow(/key must be a Uint8Array/);
    expect(() => pseudonymize(['a'], { key, keyId: 'a:b' })).toThrow(OptionsError);
    expect(() => pseudonymize(['a'], { key, keyId: 'k', normalize: 'upper' as never })).toThrow(OptionsError);
    try {
      pseudonymize(['a'], { key: new Uint8Array(16), keyId: 'k' });
    } catch (e) {
      expect((e as OptionsError).option).toBe('key');
    }
  });

  test('empty ids, non-strings and non-phones are one ValidationError listing the rows; nothing is returned', () => {
    let err: unknown;
    try {
      pseudonymize(['13812345678', '', 42 as unknown as string, 'hello'], { key, keyId: 'k', normalize: 'phone' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.row)).toEqual([1, 2, 3]);
    expect(() => pseudonymize('abc' as unknown as string[], { key, keyId: 'k' })).toThrow(ValidationError);
  });
});

describe('rotatePseudonyms(ids, { from, to })', () => {
  const from = { key: fill(32, 1), keyId: 'k1', normalize: 'phone' as const };
  const to = { key: fill(40, 2), keyId: 'k2', normalize: 'phone' as const };
  test('maps each old pseudonym to the new pseudonym of the same id', () => {
    const ids = ['13812345678', '13900000000'];
    const r = rotatePseudonyms(ids, { from, to });
    expect(r.oldPseudonyms).toEqual(pseudonymize(ids, from));
    expect(r.newPseudonyms).toEqual(pseudonymize(ids, to));
  });
  test('the same keyId on both sides is an OptionsError', () => {
    expect(() => rotatePseudonyms(['a'], { from, to: { ...to, keyId: 'k1' } })).toThrow(OptionsError);
  });
});
