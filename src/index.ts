/**
 * telcokit: the precision-marketing toolkit for telecom operators, as typed pure functions.
 *
 * Every module export here is also available from its subpath (`telcokit/churn`, …); the model
 * codec (`serializeModel`, `parseModel`) and the errors live at the root.
 * @module telcokit
 */
export * from './errors.js';
export { serializeModel, parseModel, modelKinds } from './model.js';
export type { ModelKind, ModelOf, TelcoModel } from './model.js';
export type { Progress, LongRunOptions } from './internal/model.js';
export * from './schema/index.js';
export * from './data/index.js';
export * from './features/index.js';
export * from './metrics/index.js';
export * from './segment/index.js';
export * from './tags/index.js';
export * from './churn/index.js';
export * from './recommend/index.js';
export * from './sql/index.js';
