/**
 * data
 * @module data
 */
export {};
