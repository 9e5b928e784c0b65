/**
 * tags
 * @module tags
 */
export {};
