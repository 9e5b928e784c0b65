/**
 * Segment: k-means and k-prototypes segmentation, choosing k, segment profiles, value tiers,
 * lifetime value and RFM.
 * @module segment
 */
export { fitKMeans, assignSegments, KMeansModelSchema } from './kmeans.js';
export type { KMeansOptions, KMeansModel, KMeansAlgorithm } from './kmeans.js';
export { chooseK } from './choose-k.js';
export type { ChooseKOptions, ChooseKRow, ChooseKResult } from './choose-k.js';
export { describeSegments } from './describe-segments.js';
export type { DescribeSegmentsOptions, SegmentFeatureDifference, SegmentProfile, SegmentDescription } from './describe-segments.js';
export { fitKPrototypes, assignKPrototypes, KPrototypesModelSchema } from './kprototypes.js';
export type { MixedData, MixedRecords, KPrototypesOptions, KPrototypesModel } from './kprototypes.js';
export { fitShiftedBetaGeometric, sbgSurvival, lifetimeValue, ShiftedBetaGeometricModelSchema } from './sbg.js';
export type { ShiftedBetaGeometricModel, LifetimeValueOptions } from './sbg.js';
export { valueScore, valueTiers } from './value.js';
export type { ValueScoreInput, ValueScoreOptions, ValueTierOptions, ValueTiers } from './value.js';
export { rfmScores } from './rfm.js';
export type { RfmOptions, RfmSegment, RfmResult } from './rfm.js';
export { discoverTags } from './discover-tags.js';
export type { DiscoverTagsOptions, DiscoveredTags, DistinguishingFeature, TagProposal, ProposedTag, ProposedTagCatalogue } from './discover-tags.js';
