// Runs against the installed tarball (from scripts/check-package.sh): the built package works
// end to end through its public entry points, as ESM and as CJS.
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const esm = await import('telcokit');
const cjs = createRequire(import.meta.url)('telcokit');
for (const [how, t] of [['esm', esm], ['cjs', cjs]]) {
  const m = t.matrixFromRows([[1, 2], [3, 4]]);
  assert.equal(m.nRows, 2, `${how}: matrixFromRows`);
  assert.throws(() => t.parseModel('{"kind":"x/y","version":1}'), t.ModelError, `${how}: parseModel`);
}
console.log('smoke: ok');
