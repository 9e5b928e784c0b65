/**
 * The input shapes the recommender reads, stated structurally so any record with these fields
 * (telcokit's `Interaction`, `Offer` and `Subscriber` schema types included) can be passed.
 *
 * @module
 */

/** What a subscriber did with an offer. @category Recommend */
export type RecommendInteractionKind = 'impression' | 'click' | 'accept' | 'decline';

/**
 * One subscriber–offer event as the recommender reads it (the fields of telcokit's `Interaction`).
 * @category Recommend
 */
export interface RecommendInteraction {
  /** Subscriber id. */
  readonly subscriberId: string;
  /** Offer id. */
  readonly offerId: string;
  /** ISO-8601 time; used for time ordering in validation and evaluation splits. */
  readonly timestamp: string;
  /** impression, click, accept or decline (weighted by `kindWeights`). */
  readonly kind: RecommendInteractionKind;
  /** Channel (not used by the models). */
  readonly channel?: string | undefined;
  /** Campaign id (not used by the models). */
  readonly campaignId?: string | undefined;
  /** Strength of the signal (≥ 0, default 1), multiplied by the kind weight. */
  readonly weight?: number | undefined;
}

/** An offer as the recommender reads it (the fields of telcokit's `Offer`). @category Recommend */
export interface RecommendOffer {
  /** Offer id. */
  readonly id: string;
  /** Display name, used in reasons when present. */
  readonly name?: string | undefined;
  /** plan, data_pack, broadband, device, vas or content (any string is accepted). */
  readonly category: string;
  /** Price in the operator's currency unit. */
  readonly price: number;
  /** Free-form attributes used by the profile model. */
  readonly attributes?: Readonly<Record<string, string | number | boolean>> | undefined;
}

/**
 * A subscriber profile record: an `id` plus any fields. Strings and booleans become one-hot
 * features (`field=value`), finite numbers become standardised numeric features; nested objects
 * are flattened one level (`device.os`). Missing or null fields contribute nothing.
 * @category Recommend
 */
export interface RecommendSubscriber {
  /** Subscriber id. */
  readonly id: string;
  readonly [field: string]: unknown;
}

/**
 * Weight of each interaction kind in the implicit-feedback matrix; `null` excludes the kind.
 * Defaults: accept 1, click 0.3, impression 0 (kept out of the matrix), decline `null`
 * (excluded).
 * @category Recommend
 */
export interface KindWeights {
  readonly impression?: number | null;
  readonly click?: number | null;
  readonly accept?: number | null;
  readonly decline?: number | null;
}

/** The default kind weights: accept 1, click 0.3, impression 0, decline excluded. @category Recommend */
export const DEFAULT_KIND_WEIGHTS: Readonly<Required<KindWeights>> = Object.freeze({
  impression: 0,
  click: 0.3,
  accept: 1,
  decline: null,
});
