/** Histogram gradient-boosted trees for churn, with exact TreeSHAP (re-exported by src/churn). */
export { fitGbdt } from './fit-gbdt.js';
export { predictGbdt, predictGbdtMargin } from './predict-gbdt.js';
export { explainGbdt, gbdtExpectedValue, treeShapGbdt } from './tree-shap.js';
export { gbdtFeatureImportance } from './importance.js';
export type { GbdtImportanceType } from './importance.js';
export { GbdtModelSchema } from './schema.js';
export type { GbdtModel, GbdtOptions, GbdtResolvedOptions, GbdtTrees } from './schema.js';
