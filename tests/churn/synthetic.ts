/** A small seeded logistic data set for the churn tests (not a test file). */
import { createFeatureMatrix } from 'telcokit';
import type { FeatureMatrix } from 'telcokit';
import { mulberry32 } from '../support/mulberry32.js';

export { mulberry32 };

/** n × p Gaussian features, labels from a logistic model with weights 1, −0.5, 0.25, … and the given positive rate (roughly). */
export function syntheticChurn(n: number, p: number, seed: number, rate = 0.3): { matrix: FeatureMatrix; labels: number[] } {
  const r = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const values = new Float64Array(n * p);
  const labels: number[] = [];
  const b = Math.log(rate / (1 - rate));
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < p; j++) {
      const x = normal();
      values[i * p + j] = x;
      z += ((j % 2 ? -1 : 1) * x * 1.5) / (j + 1);
    }
    labels.push(r() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  }
  const columns = Array.from({ length: p }, (_, j) => `f${j}`);
  return { matrix: createFeatureMatrix(values, columns), labels };
}
