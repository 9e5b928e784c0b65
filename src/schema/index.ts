/**
 * Schemas for operator data (zod 4) and record validation.
 * @module schema
 */
export { DeviceSchema, SubscriberSchema } from './subscriber.js';
export type { Device, Subscriber } from './subscriber.js';
export { APP_CATEGORIES, UsageMonthSchema, APP_FIELDS } from './usage-month.js';
export type { AppCategory, UsageMonth } from './usage-month.js';
export { CallEdgeSchema } from './call-edge.js';
export type { CallEdge } from './call-edge.js';
export { LocationPingSchema } from './location-ping.js';
export type { LocationPing } from './location-ping.js';
export { OFFER_CATEGORIES, OfferSchema } from './offer.js';
export type { Offer, OfferCategory } from './offer.js';
export { INTERACTION_KINDS, CHANNELS, InteractionSchema } from './interaction.js';
export type { Interaction } from './interaction.js';
export { validateRecords, formatIssue } from './validate.js';
export type { ValidateOptions, ValidationResult } from './validate.js';
export { validateColumns } from './validate-columns.js';
export type { ColumnValidationResult, RecordColumns } from './validate-columns.js';
export type { ValidationIssue } from '../errors.js';
export { CHINESE_HEADER_ALIASES, suggestColumnMapping, renameFields } from './columns.js';
export type { ColumnMapping, ColumnMappingOptions } from './columns.js';
