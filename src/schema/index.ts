/**
 * Schemas for operator data (zod 4) and record validation.
 * @module schema
 */
export * from './subscriber.js';
export * from './usage-month.js';
export * from './call-edge.js';
export * from './location-ping.js';
export * from './offer.js';
export * from './interaction.js';
export { validateRecords, formatIssue } from './validate.js';
export type { ValidateOptions, ValidationResult } from './validate.js';
export type { ValidationIssue } from '../errors.js';
export { CHINESE_HEADER_ALIASES, suggestColumnMapping, renameFields } from './columns.js';
export type { ColumnMapping, ColumnMappingOptions } from './columns.js';
