/**
 * metrics
 * @module metrics
 */
export {};
export * from './clustering.js';
export * from './binary.js';
export * from './calibration.js';
export * from './cv.js';
export * from './profit.js';
export type { BinaryLabels } from './labels.js';
export * from './ranking.js';
