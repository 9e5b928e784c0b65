/**
 * recommend: the hybrid offer recommender — implicit ALS, item-kNN, a profile/content model and
 * segment popularity, blended by weights learned on validation data, with business rules,
 * reasons and offline evaluation.
 * @module recommend
 */
export type { RecommendInteraction, RecommendInteractionKind, RecommendOffer, RecommendSubscriber, KindWeights } from './types.js';
export { DEFAULT_KIND_WEIGHTS } from './types.js';
export { buildInteractionMatrix } from './interaction-matrix.js';
export type { InteractionMatrix, InteractionMatrixOptions, InteractionProblem } from './interaction-matrix.js';
export { fitAls, AlsModelSchema } from './als.js';
export type { AlsModel, AlsOptions, AlsFactors, AlsResolvedOptions } from './als.js';
export { fitItemKnn, ItemKnnModelSchema } from './item-knn.js';
export type { ItemKnnModel, ItemKnnOptions, ItemKnnNeighbours, ItemKnnResolvedOptions } from './item-knn.js';
export { fitEase, recommendEase, EaseModelSchema, EASE_LAMBDA_GRID } from './ease.js';
export type { EaseModel, EaseOptions, EaseWeights, EaseResolvedOptions, EaseRecommendation, RecommendEaseOptions } from './ease.js';
export { fitPopularity, PopularityModelSchema } from './popularity.js';
export type { PopularityModel, PopularityOptions, PopularityCounts } from './popularity.js';
export { fitProfileModel, ProfileModelSchema } from './profile.js';
export type { ProfileModel, ProfileOptions, ProfileFactors, ProfileResolvedOptions, FeatureEncoder, SubscriberProfiles } from './profile.js';
export { fitRecommender, RecommenderModelSchema, RECOMMENDER_COMPONENTS, VALIDATION_SPLITS } from './fit-recommender.js';
export type { RecommenderModel, RecommenderData, RecommenderOptions, RecommenderComponent, BlendWeights, ValidationSplitKind } from './fit-recommender.js';
export { recommend, recommendBatch, similarOffers } from './recommend.js';
export type { Recommendation, RecommendOptions, RecommendBatchOptions, UnknownSubscriber, OfferSummary, SimilarOffer, SimilarOffersOptions } from './recommend.js';
export { updateSubscriber } from './update-subscriber.js';
export { evaluateRecommender } from './evaluate.js';
export type { EvaluateRecommenderOptions, RecommenderEvaluation, RecommenderMetrics, RecommenderFitFn } from './evaluate.js';
