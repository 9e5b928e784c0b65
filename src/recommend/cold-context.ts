/**
 * The scoring context of a subscriber the model does not know (internal; kept out of ./scoring.ts
 * so the recommend worker bundle does not carry the ALS and profile fits).
 */
import { solveUserFactor } from './als.js';
import { encodeRows } from './profile.js';
import type { RecommenderCore, ScoringContext } from './scoring.js';

/** Context of a subscriber the model does not know, from a history and profile fields. */
export function coldContext(
  core: RecommenderCore,
  histItems: Int32Array,
  histValues: Float64Array,
  fields: [string, unknown][] | undefined,
  segment: number,
): ScoringContext {
  let alsFactor: Float64Array | null = null;
  if (core.als && histItems.length > 0) {
    alsFactor = solveUserFactor(core.als.itemFactors, core.nOffers, core.als.options, histItems, histValues);
  }
  let profileEmb: Float64Array | null = null;
  if (core.profile) {
    const p = core.profile;
    const f = p.options.factors;
    const rows = encodeRows(p.userEncoder, [fields ?? []]);
    profileEmb = new Float64Array(f);
    for (let k = rows.indptr[0]!; k < rows.indptr[1]!; k++) {
      const j = rows.indices[k]!;
      const v = rows.values[k]!;
      for (let a = 0; a < f; a++) profileEmb[a]! += v * p.userFeatureEmbeddings[j * f + a]!;
    }
  }
  return { histItems, histValues, alsFactor, profileEmb, segment };
}
