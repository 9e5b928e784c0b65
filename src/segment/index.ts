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
export type { MixedData, KPrototypesOptions, KPrototypesModel } from './kprototypes.js';
