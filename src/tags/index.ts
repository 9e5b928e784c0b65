/**
 * Tags: the tag catalogue (data), column-wise evaluation to a bitset index, explanations,
 * audience expressions, the geo-fence scenario and cluster-proposed tags.
 * @module tags
 */
export { TagRuleSchema, TagDefinitionSchema, TagCatalogueSchema, parseTagCatalogue } from './catalogue.js';
export type { TagRule, TagDefinition, TagCatalogue, TagComparisonOp, TagScalar } from './catalogue.js';
export type { TagProfiles, TagProfileColumns, TagProfileColumn } from './columns.js';
export { TagIndexSchema, serializeTagIndex, parseTagIndex } from './tag-index.js';
export type { TagIndex } from './tag-index.js';
export { applyTagCatalogue, evaluateTags } from './evaluate-tags.js';
export type { EvaluateTagsOptions } from './evaluate-tags.js';
export { tagsOf } from './tags-of.js';
export { updateTagIndex } from './update-tag-index.js';
export type { UpdateTagIndexOptions } from './update-tag-index.js';
export { explainTags } from './explain-tags.js';
export type { TagExplanation, TagConditionExplanation, ExplainTagsOptions } from './explain-tags.js';
export { AUDIENCE_DEPTH_CEILING, parseAudience } from './parse-audience.js';
export type { AudienceNode, ParseAudienceOptions } from './parse-audience.js';
export { queryAudience, countAudience } from './query-audience.js';
export type { QueryAudienceOptions, AudienceResult } from './query-audience.js';
export { DEFAULT_TAG_FIELDS, defaultTagCatalogue } from './default-catalogue.js';
export type { TagFieldInfo } from './default-catalogue.js';
export { geoFenceTag } from './geo-fence-tag.js';
export type { GeoFencePing, GeoFencePingColumns, GeoFenceWeekday, GeoFenceOptions, GeoFenceResult } from './geo-fence-tag.js';
export { addTagToIndex } from './add-tag-to-index.js';
