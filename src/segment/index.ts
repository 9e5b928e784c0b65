/**
 * segment
 * @module segment
 */
export {};
