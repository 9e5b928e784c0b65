/** Internal: running fitted steps over a frame, shared by fit, apply and model validation. */
import { DataError, ValidationError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import type { Rng } from '../../internal/rng.js';
import type { CustomSteps } from './custom-steps.js';
import { createFeatureMatrix } from '../../matrix/feature-matrix.js';
import type { FeatureMatrix } from '../../matrix/feature-matrix.js';
import type { Frame, Layout } from './frame.js';
import type { FittedStep } from './schema.js';
import type { StepContext, StepImpl } from './steps/common.js';
import { STEPS } from './steps/index.js';

/** `step 2 (standardize)` (1-based, as people count). */
export function stepLabel(index: number, type: string): string {
  return `step ${index + 1} (${type})`;
}

export function context(
  fn: string,
  index: number,
  type: string,
  mode: 'fit' | 'apply',
  target: Float64Array | null,
  rng: Rng,
  customSteps: CustomSteps,
): StepContext {
  return { fn, label: stepLabel(index, type), mode, target, rng, customSteps };
}

/** A shared do-nothing generator for apply (apply never draws random numbers). */
export const APPLY_RNG = createRng(0);

export function layoutOf(step: FittedStep): Layout {
  return (STEPS[step.type] as StepImpl<typeof step.type>).layout(step as never);
}

/** Applies one fitted step to the frame, in place. */
export function runStep(frame: Frame, step: FittedStep, ctx: StepContext): void {
  const impl = STEPS[step.type] as StepImpl<typeof step.type>;
  const cols = impl.transform(frame, step as never, ctx);
  const dup = frame.update(impl.layout(step as never), cols);
  if (dup.length > 0) {
    throw new DataError(`${ctx.fn}: ${ctx.label} makes column '${dup[0]}', which already exists; rename or drop one of them first`);
  }
}

/** Rows per block when transposing columns into the row-major matrix (keeps the block in cache). */
const BLOCK = 512;

/** The frame's current columns as a matrix, in `names` order. */
export function assemble(frame: Frame, names: readonly string[], fn: string): FeatureMatrix {
  const n = frame.n;
  const p = names.length;
  const cols = names.map((name) => {
    const c = frame.get(name);
    if (c.type !== 'numeric') {
      throw new DataError(
        `${fn}: column '${name}' is still categorical after the last step; encode it (oneHot, ordinal, frequencyEncode, targetEncode) or leave it out with a select step`,
      );
    }
    return c;
  });
  // one-hot outputs share their step's codes (one Int32Array per encoded column): group them so
  // that each code array is read once per row, writing the row's single 1, instead of once per
  // output column (a 12-category column would be read 13 times)
  const groups = new Map<Int32Array, Int32Array>();
  const plain: number[] = [];
  for (let j = 0; j < p; j++) {
    const ind = cols[j]!.indicator;
    if (ind && ind.k >= 0) {
      let colOf = groups.get(ind.codes);
      if (!colOf || colOf.length <= ind.k) {
        const grown = new Int32Array(Math.max(ind.k + 1, colOf ? colOf.length : 0)).fill(-1);
        if (colOf) grown.set(colOf);
        colOf = grown;
        groups.set(ind.codes, colOf);
      }
      if (colOf[ind.k] === -1) {
        colOf[ind.k] = j;
        continue;
      }
    }
    plain.push(j); // numeric, or an indicator already placed (a copy under another name)
  }
  const grouped = [...groups];
  const values = new Float64Array(n * p);
  // blocked transpose: a column-at-a-time pass over all rows would miss the cache on every write
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    for (const j of plain) {
      const c = cols[j]!;
      if (c.indicator) {
        const { codes, k: target } = c.indicator;
        for (let i = i0, k = i0 * p + j; i < i1; i++, k += p) if (codes[i] === target) values[k] = 1;
      } else {
        const x = c.values;
        for (let i = i0, k = i0 * p + j; i < i1; i++, k += p) values[k] = x[i]!;
      }
    }
    // values start at 0: each row gets the 1 of its code's column, if that column is an output
    for (const [codes, colOf] of grouped) {
      const m = colOf.length;
      for (let i = i0, o = i0 * p; i < i1; i++, o += p) {
        const code = codes[i]!;
        if (code >= 0 && code < m) {
          const j = colOf[code]!;
          if (j >= 0) values[o + j] = 1;
        }
      }
    }
  }
  return createFeatureMatrix(values, names, frame.rowIds());
}

/** Throws a ValidationError for something that is not a record array or a FeatureMatrix. */
export function badInput(fn: string, input: unknown): ValidationError {
  const got = input === null ? 'null' : typeof input;
  return new ValidationError(`${fn}: expected an array of records or a FeatureMatrix, got ${got}`, [
    { row: 0, path: [], reason: 'not an array of records or a FeatureMatrix', value: got },
  ]);
}
