/**
 * Node-only helpers (file streaming). Import from `telcokit/node`.
 * @module node
 */
export {};
