/**
 * Step 7 of {@link generateOperator}: the offer catalogue and every subscriber's true affinity
 * to each offer (persona × offer traits plus a latent factor product).
 * @module
 */
import type { Rng } from '../../internal/rng.js';
import type { Offer } from '../../schema/offer.js';
import { N_TRAITS } from './catalogue.js';
import { PERSONAS, type GenContext } from './context.js';
import { buildOffers } from './offers.js';
import { sampleNormal, sigmoid } from './samplers.js';
import type { SubscriberPart } from './subscribers.js';

/** Dimensions of the latent subscriber and offer vectors. */
const LATENT_DIM = 4;

/** Offers, the persona × offer base score, the score of (subscriber, offer) and the affinity matrix. */
export interface AffinityPart {
  readonly offers: Offer[];
  /** Persona × offer part of the score (nP × O). */
  readonly base: Float64Array;
  readonly score: (i: number, j: number) => number;
  /** n × O: P(click) · P(accept | click). */
  readonly offerAffinity: Float32Array;
}

/** Draws the offers and offer vectors from `rOffers`, then the subscriber vectors from `rInter`. */
export function generateAffinity(ctx: GenContext, sub: SubscriberPart, nOffers: number, rOffers: Rng, rInter: Rng): AffinityPart {
  const { n, nP } = ctx;
  const { persona } = sub;
  const { offers, category, traits } = buildOffers(nOffers, rOffers);
  const O = nOffers;
  const offerVec = new Float64Array(O * LATENT_DIM);
  for (let q = 0; q < offerVec.length; q++) offerVec[q] = 0.5 * sampleNormal(rOffers);
  const base = new Float64Array(nP * O); // persona × offer part of the score
  for (let j = 0; j < O; j++) {
    const bias = 0.4 * sampleNormal(rOffers);
    for (let p = 0; p < nP; p++) {
      const P = PERSONAS[p]!;
      let s = -2.3 + bias + 0.8 * P.offerCategories[category[j]!]!;
      for (let t = 0; t < N_TRAITS; t++) s += 0.6 * P.offerTraits[t]! * traits[j * N_TRAITS + t]!;
      base[p * O + j] = s;
    }
  }
  const userVec = new Float64Array(n * LATENT_DIM);
  for (let q = 0; q < userVec.length; q++) userVec[q] = 0.5 * sampleNormal(rInter);
  const score = (i: number, j: number): number => {
    let s = base[persona[i]! * O + j]!;
    for (let d = 0; d < LATENT_DIM; d++) s += userVec[i * LATENT_DIM + d]! * offerVec[j * LATENT_DIM + d]!;
    return s;
  };
  const offerAffinity = new Float32Array(n * O);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < O; j++) {
      const s = score(i, j);
      offerAffinity[i * O + j] = sigmoid(s - 1.5) * sigmoid(s - 0.5);
    }
  }
  return { offers, base, score, offerAffinity };
}
