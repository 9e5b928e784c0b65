/**
 * churn
 * @module churn
 */
export {};
