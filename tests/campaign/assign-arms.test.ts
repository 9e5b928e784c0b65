import { describe, expect, test } from 'vitest';
import { assignArms, DataError, DimensionError, OptionsError } from 'telcokit';
import { murmur3 } from '../../src/internal/hash';
import { chiSquareSf } from '../../src/internal/stats';

describe('murmur3 (internal)', () => {
  test('matches the published MurmurHash3_x86_32 vectors and a reference over UTF-8 bytes', () => {
    // published vectors; the non-ASCII ones from a direct Python transcription of the algorithm
    // over s.encode('utf-8') (a 20-line transcription: blocks of 4 little-endian bytes, c1 = 0xcc9e2d51, c2 = 0x1b873593, fmix32)
    expect(murmur3('', 0)).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('abc', 0)).toBe(0xb3dd93fa);
    expect(murmur3('Hello, world!', 0x9747b28c)).toBe(0x24884cba);
    expect(murmur3('S0000001', 0)).toBe(0x7c343502);
    expect(murmur3('héllo→😀', 42)).toBe(0x25f5c129);
    expect(murmur3('订户-001', 7)).toBe(0xce2b800a);
  });
});

const ids = (n: number, prefix = 'S') => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(7, '0')}`);

describe('assignArms', () => {
  test('golden assignments: the same arms in every run, machine and runtime', () => {
    const a = assignArms(ids(12), { campaignId: 'launch-2025-03', arms: { control: 0.2, sms: 0.4, push: 0.4 }, salt: 'acme' });
    // recorded once; a change here means every running campaign would reshuffle
    expect(Array.from(a.armIndex, (j) => a.armNames[j])).toEqual(GOLDEN);
  });
  test('stable per subscriber: the arm does not depend on who else is in the list', () => {
    const all = ids(1000);
    const o = { campaignId: 'c1', arms: { control: 0.1, sms: 0.9 } };
    const a = assignArms(all, o);
    const b = assignArms(all.slice(500).reverse(), o);
    for (let i = 0; i < 500; i++) expect(b.armIndex[i]).toBe(a.armIndex[999 - i]);
  });
  test('uniform: a chi-square over 1,000,000 ids does not reject the designed shares', () => {
    const all = ids(1_000_000);
    const shares = { control: 0.1, a: 0.3, b: 0.25, c: 0.35 };
    const r = assignArms(all, { campaignId: 'uniformity', arms: shares });
    let chi = 0;
    for (const [k, s] of Object.entries(shares)) chi += (r.counts[k]! - 1e6 * s) ** 2 / (1e6 * s);
    expect(chiSquareSf(chi, 3)).toBeGreaterThan(0.01);
    // and the hash itself is uniform over 64 buckets
    const buckets = new Float64Array(64);
    for (const id of all.slice(0, 200_000)) buckets[murmur3(id, 12345) >>> 26]!++;
    const e = 200_000 / 64;
    const chiB = buckets.reduce((s, o) => s + (o - e) ** 2 / e, 0);
    expect(chiSquareSf(chiB, 63)).toBeGreaterThan(0.01);
  });
  test('campaigns are independent; the global holdout is shared across campaigns', () => {
    const all = ids(20_000);
    const a = assignArms(all, { campaignId: 'c1', arms: { control: 0.5, sms: 0.5 }, holdout: 0.05 });
    const b = assignArms(all, { campaignId: 'c2', arms: { control: 0.5, sms: 0.5 }, holdout: 0.05 });
    let sameHoldout = 0;
    let bothControl = 0;
    for (let i = 0; i < all.length; i++) {
      const ha = a.armNames[a.armIndex[i]!] === 'holdout';
      const hb = b.armNames[b.armIndex[i]!] === 'holdout';
      expect(ha).toBe(hb);
      if (ha) sameHoldout++;
      else if (a.armIndex[i] === 0 && b.armIndex[i] === 0) bothControl++;
    }
    expect(sameHoldout / all.length).toBeGreaterThan(0.04);
    expect(sameHoldout / all.length).toBeLessThan(0.06);
    // independent: about a quarter of the non-held-out base is in both controls
    expect(bothControl / (all.length - sameHoldout)).toBeGreaterThan(0.23);
    expect(bothControl / (all.length - sameHoldout)).toBeLessThan(0.27);
  });
  test('strata: each stratum gets the shares to within one subscriber', () => {
    const all = ids(3001);
    const strata = all.map((_, i) => ['gold', 'silver', 'bronze'][i % 7 === 0 ? 0 : i % 3 === 0 ? 1 : 2]!);
    const r = assignArms(all, { campaignId: 'x', arms: { control: 0.2, sms: 0.5, call: 0.3 }, strata });
    for (const s of ['gold', 'silver', 'bronze']) {
      const members = all.map((_, i) => i).filter((i) => strata[i] === s);
      const counts = [0, 0, 0];
      for (const i of members) counts[r.armIndex[i]!]!++;
      [0.2, 0.5, 0.3].forEach((share, j) => expect(Math.abs(counts[j]! - share * members.length)).toBeLessThanOrEqual(1));
    }
  });
  test('any number of arms', () => {
    const arms = Object.fromEntries(Array.from({ length: 20 }, (_, j) => [`arm${j}`, 0.05]));
    const r = assignArms(ids(10_000), { campaignId: 'many', arms });
    expect(Object.values(r.counts).every((c) => c > 400 && c < 600)).toBe(true);
  });
  test('does not mutate frozen inputs', () => {
    const all = Object.freeze(ids(10));
    expect(() => assignArms(all, Object.freeze({ campaignId: 'f', arms: Object.freeze({ control: 0.5, sms: 0.5 }), strata: Object.freeze(all.map(() => 'a')) }))).not.toThrow();
  });
  test('bad options and data', () => {
    const all = ids(10);
    expect(() => assignArms(all, { campaignId: 'c', arms: { control: 1 } })).toThrow(OptionsError);
    expect(() => assignArms(all, { campaignId: 'c', arms: { control: 0, sms: 1 } })).toThrow(OptionsError);
    expect(() => assignArms(all, { campaignId: 'c', arms: { control: 0.5, sms: 0.6 } })).toThrow(/sum to/);
    expect(() => assignArms(all, { campaignId: '', arms: { control: 0.5, sms: 0.5 } })).toThrow(OptionsError);
    expect(() => assignArms(all, { campaignId: 'c', arms: { control: 0.5, holdout: 0.5 } })).toThrow(OptionsError);
    expect(() => assignArms(all, { campaignId: 'c', arms: { control: 0.5, sms: 0.5 }, holdout: 0.9 })).toThrow(OptionsError);
    expect(() => assignArms(all, { campaignId: 'c', arms: { control: 0.5, sms: 0.5 }, strata: ['a'] })).toThrow(DimensionError);
    expect(() => assignArms(['a', 'a'], { campaignId: 'c', arms: { control: 0.5, sms: 0.5 }, strata: ['x', 'x'] })).toThrow(DataError);
    expect(() => assignArms([1 as never], { campaignId: 'c', arms: { control: 0.5, sms: 0.5 } })).toThrow(DataError);
    expect(() => assignArms(all, { campaignId: 'c', arms: { control: 0.5, sms: 0.5 }, seed: 1 } as never)).toThrow(OptionsError);
  });
});

// cross-checked with a Python transcription: seed = mm(b"acme\0launch-2025-03", 0); u = mm(id.encode(), seed) / 2**32
const GOLDEN: string[] = ["sms", "control", "push", "push", "sms", "sms", "push", "push", "sms", "push", "sms", "sms"];
