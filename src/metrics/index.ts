/**
 * metrics
 * @module metrics
 */
export {};
