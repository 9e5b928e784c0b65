/**
 * schema
 * @module schema
 */
export {};
