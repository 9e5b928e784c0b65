/**
 * Features: the FeatureMatrix, the serialisable pipeline, telecom features, profiles and drift.
 * @module features
 */
export * from './matrix.js';
