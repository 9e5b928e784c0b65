/**
 * `npm run demo`: the main job, end to end on the embedded synthetic operator.
 * Each later module adds its step here.
 */
import { matrixFromRows, modelKinds } from 'telcokit';

const m = matrixFromRows([
  [1, 2],
  [3, 4],
]);
console.log(`telcokit demo: a ${m.nRows} × ${m.nCols} FeatureMatrix; model kinds known: ${Object.keys(modelKinds()).length}`);
