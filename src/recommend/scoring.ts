/**
 * The scoring engine behind `recommend`, `recommendBatch` and evaluation: per-component raw
 * scores, per-subscriber z-scoring over the candidate offers, and the weighted blend.
 */
import type { AlsFactors } from './als.js';
import type { ItemKnnNeighbours } from './item-knn.js';
import { easeScoresInto, knnScoresInto } from './score-kernels.js';
import type { PopularityCounts } from './popularity.js';
import type { ProfileFactors } from './profile.js';
import type { EaseWeights } from './model-schemas.js';

/** The parts of a hybrid model the engine reads. */
export interface RecommenderCore {
  readonly nOffers: number;
  readonly history: { readonly indptr: Int32Array; readonly indices: Int32Array; readonly data: Float64Array };
  readonly als: AlsFactors | null;
  readonly itemKnn: ItemKnnNeighbours | null;
  readonly profile: ProfileFactors | null;
  readonly popularity: PopularityCounts;
  readonly ease: EaseWeights | null;
  readonly weights: Readonly<Record<Comp, number>>;
  /** Weights for a subscriber with no history (default: profile 1 + popularity 0.25, or popularity alone). */
  readonly coldWeights?: Readonly<Record<Comp, number>>;
}

/** What the engine knows about one subscriber. */
export interface ScoringContext {
  readonly histItems: Int32Array;
  readonly histValues: Float64Array;
  readonly alsFactor: Float64Array | null;
  readonly profileEmb: Float64Array | null;
  readonly segment: number;
}

export const COMPONENTS = ['als', 'itemKnn', 'profile', 'popularity', 'ease'] as const;
type Comp = (typeof COMPONENTS)[number];

/** Reusable buffers (one set per call or per batch). */
export interface Scratch {
  readonly raw: Float64Array;
  readonly blended: Float64Array;
  readonly skip: Uint8Array;
  readonly z: Record<Comp, Float64Array>;
  /** Weights actually used for the last subscriber (cold fallback may change them). */
  used: Record<Comp, number>;
}

export function createScratch(n: number): Scratch {
  return {
    raw: new Float64Array(n),
    blended: new Float64Array(n),
    skip: new Uint8Array(n),
    z: { als: new Float64Array(n), itemKnn: new Float64Array(n), profile: new Float64Array(n), popularity: new Float64Array(n), ease: new Float64Array(n) },
    used: { als: 0, itemKnn: 0, profile: 0, popularity: 0, ease: 0 },
  };
}

/** Context of a known subscriber by index. */
export function contextForIndex(core: RecommenderCore, u: number): ScoringContext {
  const h = core.history;
  const a = h.indptr[u]!;
  const b = h.indptr[u + 1]!;
  const fa = core.als ? core.als.options.factors : 0;
  const fp = core.profile ? core.profile.options.factors : 0;
  return {
    histItems: h.indices.subarray(a, b),
    histValues: h.data.subarray(a, b),
    alsFactor: core.als && b > a ? core.als.userFactors.subarray(u * fa, (u + 1) * fa) : null,
    profileEmb: core.profile ? core.profile.userEmbeddings.subarray(u * fp, (u + 1) * fp) : null,
    segment: core.popularity.subscriberSegment[u] ?? -1,
  };
}


/** Raw scores of one component into `out`; false when the component cannot score this subscriber. */
function rawScores(core: RecommenderCore, c: Comp, ctx: ScoringContext, out: Float64Array): boolean {
  const n = core.nOffers;
  if (c === 'als') {
    if (!core.als || !ctx.alsFactor) return false;
    const f = core.als.options.factors;
    const Y = core.als.itemFactors;
    const x = ctx.alsFactor;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * f;
      for (let a = 0; a < f; a++) s += x[a]! * Y[o + a]!;
      out[i] = s;
    }
    return true;
  }
  if (c === 'itemKnn') {
    if (!core.itemKnn || ctx.histItems.length === 0) return false;
    out.fill(0);
    knnScoresInto(core.itemKnn, ctx.histItems, ctx.histValues, out);
    return true;
  }
  if (c === 'ease') {
    if (!core.ease || ctx.histItems.length === 0) return false;
    easeScoresInto(core.ease.weights, n, core.ease.options.binary, ctx.histItems, ctx.histValues, out);
    return true;
  }
  if (c === 'profile') {
    if (!core.profile || !ctx.profileEmb) return false;
    const p = core.profile;
    const f = p.options.factors;
    const x = ctx.profileEmb;
    for (let i = 0; i < n; i++) {
      let s = p.itemBias[i]!;
      const o = i * f;
      for (let a = 0; a < f; a++) s += x[a]! * p.itemEmbeddings[o + a]!;
      out[i] = s;
    }
    return true;
  }
  const pop = core.popularity;
  if (ctx.segment >= 0) {
    let tot = 0;
    for (let i = 0; i < n; i++) tot += pop.segmentCounts[ctx.segment * n + i]!;
    if (tot > 0) {
      // segment counts, global counts as a tie-breaker
      let g = 0;
      for (let i = 0; i < n; i++) g = Math.max(g, pop.counts[i]!);
      const eps = 1 / (2 * (g + 1));
      for (let i = 0; i < n; i++) out[i] = pop.segmentCounts[ctx.segment * n + i]! + eps * pop.counts[i]!;
      return true;
    }
  }
  out.set(pop.counts);
  return true;
}

/** Options of {@link blendScores}. */
export interface BlendOptions {
  /** Extra offers to leave out (1 = skip). */
  extraSkip?: Uint8Array;
  /** Leave out the subscriber's history (default true). */
  excludeOwned?: boolean;
  /** Use the cold-start weights when the subscriber has no history (default true). */
  coldFallback?: boolean;
}

/**
 * Blended scores Σ_c w_c z_c(i) over the candidate offers (skipped offers get −Infinity);
 * z_c is component c's score z-scored over the candidates. Fills `scratch.skip`, `scratch.z`, `scratch.used`.
 */
export function blendScores(core: RecommenderCore, ctx: ScoringContext, scratch: Scratch, o: BlendOptions = {}): Float64Array {
  const n = core.nOffers;
  const skip = scratch.skip;
  if (o.extraSkip) skip.set(o.extraSkip);
  else skip.fill(0);
  if (o.excludeOwned !== false) for (let h = 0; h < ctx.histItems.length; h++) skip[ctx.histItems[h]!] = 1;
  let w: Record<Comp, number> = { ...core.weights };
  if (o.coldFallback !== false && ctx.histItems.length === 0) {
    w = core.coldWeights && (core.coldWeights.profile > 0 || core.coldWeights.popularity > 0)
      ? { ...core.coldWeights, als: 0, itemKnn: 0, ease: 0 }
      : core.profile && ctx.profileEmb
        ? { als: 0, itemKnn: 0, profile: 1, popularity: 0.25, ease: 0 }
        : { als: 0, itemKnn: 0, profile: 0, popularity: 1, ease: 0 };
    if (!core.profile || !ctx.profileEmb) w = { als: 0, itemKnn: 0, profile: 0, popularity: 1, ease: 0 };
  }
  const out = scratch.blended;
  out.fill(0);
  let nCand = 0;
  for (let i = 0; i < n; i++) if (!skip[i]) nCand++;
  const used: Record<Comp, number> = { als: 0, itemKnn: 0, profile: 0, popularity: 0, ease: 0 };
  for (const c of COMPONENTS) {
    const z = scratch.z[c];
    if (!(w[c] > 0) || nCand === 0 || !rawScores(core, c, ctx, scratch.raw)) {
      z.fill(0);
      continue;
    }
    const raw = scratch.raw;
    let mean = 0;
    for (let i = 0; i < n; i++) if (!skip[i]) mean += raw[i]!;
    mean /= nCand;
    let v = 0;
    for (let i = 0; i < n; i++) if (!skip[i]) v += (raw[i]! - mean) ** 2;
    const sd = Math.sqrt(v / nCand);
    const wc = w[c];
    used[c] = wc;
    if (!(sd > 1e-12 * (Math.abs(mean) + 1))) {
      z.fill(0); // constant over the candidates: no say in the ranking
      continue;
    }
    for (let i = 0; i < n; i++) {
      const zi = (raw[i]! - mean) / sd;
      z[i] = zi;
      out[i]! += wc * zi;
    }
  }
  for (let i = 0; i < n; i++) if (skip[i]) out[i] = -Infinity;
  scratch.used = used;
  return out;
}
