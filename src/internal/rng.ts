/**
 * The one seeded random source: pure-rand's xoroshiro128+ behind a small interface.
 * Never exported from the package; every function that needs randomness takes a `seed`
 * option and builds its generator here.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { cos, log, sin } from './math.js';

export interface Rng {
  /** Uniform float in [0, 1), 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal variate (Box–Muller, cached pair). */
  normal(): number;
  /** An independent stream (the parent advances by one jump of 2^64). */
  fork(): Rng;
}

const SCALE26 = 2 ** -26;
const SCALE53 = 2 ** -53;

/** Builds a generator from an integer seed (any 32-bit integer; others are truncated). */
export function createRng(seed: number): Rng {
  return wrap(xoroshiro128plus(seed | 0));
}

type Gen = ReturnType<typeof xoroshiro128plus>;

function wrap(g: Gen): Rng {
  let spare = NaN;
  const next = (): number => ((g.next() & 0x3ffffff) * SCALE26 + (g.next() & 0x7ffffff) * SCALE53);
  return {
    next,
    int(n: number): number {
      return Math.floor(next() * n);
    },
    normal(): number {
      if (!Number.isNaN(spare)) {
        const s = spare;
        spare = NaN;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * log(u));
      spare = r * sin(2 * Math.PI * v);
      return r * cos(2 * Math.PI * v);
    },
    fork(): Rng {
      const child = g.clone();
      g.jump();
      // the child keeps the pre-jump state; the parent moves to a disjoint subsequence
      return wrap(child);
    },
  };
}
