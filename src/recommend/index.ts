/**
 * recommend
 * @module recommend
 */
export {};
