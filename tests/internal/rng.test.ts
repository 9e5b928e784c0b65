import { describe, expect, test } from 'vitest';
import { createRng } from '../../src/internal/rng.js';
import { permutation } from '../../src/internal/sample.js';

describe('createRng', () => {
  test('same seed gives the same stream, different seeds differ', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xa);
  });

  test('next() is uniform in [0,1) and normal() has mean 0, sd 1 (n = 200,000; 5 standard errors)', () => {
    const r = createRng(1);
    const n = 200_000;
    let s = 0;
    let mn = 1;
    let mx = 0;
    let ns = 0;
    let ns2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      s += u;
      mn = Math.min(mn, u);
      mx = Math.max(mx, u);
      const z = r.normal();
      ns += z;
      ns2 += z * z;
    }
    expect(mn).toBeGreaterThanOrEqual(0);
    expect(mx).toBeLessThan(1);
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(ns / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(ns2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  test('fork() gives a stream distinct from the parent, and is reproducible', () => {
    const p1 = createRng(9);
    const c1 = p1.fork();
    const p2 = createRng(9);
    const c2 = p2.fork();
    const x = [c1.next(), c1.next()];
    expect([c2.next(), c2.next()]).toEqual(x);
    expect([p1.next(), p1.next()]).not.toEqual(x);
  });

  test('permutation(n) is a permutation of 0..n-1', () => {
    const p = Array.from(permutation(1000, createRng(3)));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
