/**
 * `targetEncode`: output `<name>_te`, the smoothed mean label of the row's category — the
 * m-estimate `(sum + m · prior) / (count + m)` with `m = smoothing` (default 10) and `prior` the
 * mean label (Micci-Barreca 2001, "A preprocessing scheme for high-cardinality categorical
 * attributes"). Missing counts as the category `__missing__`; unseen categories get the prior.
 *
 * No leak: on the fit data the encoding is computed out of fold — rows are split into `folds`
 * (default 5) seeded random folds, and each row is encoded with statistics (and prior) of the
 * other folds only, so no row ever sees its own label (scikit-learn's TargetEncoder does the
 * same in `fit_transform`). Later steps are fitted on these out-of-fold values. `applyPipeline`
 * uses the full-data encoding stored in the model.
 */
import { DataError } from '../../../errors.js';
import { permutation } from '../../../internal/sample.js';
import type { Col } from '../frame.js';
import { resolveColumns } from './common.js';
import type { StepContext, StepImpl } from './common.js';

export const teName = (c: string): string => `${c}_te`;

function labels(ctx: StepContext): Float64Array {
  if (!ctx.target) {
    throw new DataError(`${ctx.fn}: ${ctx.label}: targetEncode needs labels; pass options.target (a field name or an array)`);
  }
  return ctx.target;
}

/** Category codes of a column, with the sorted distinct labels. */
function encodeLabels(values: readonly string[]): { codes: Int32Array; categories: string[] } {
  const index = new Map<string, number>();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let k = index.get(v);
    if (k === undefined) {
      k = index.size;
      index.set(v, k);
    }
    codes[i] = k;
  }
  const categories = [...index.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Int32Array(categories.length);
  categories.forEach((v, r) => (rank[index.get(v)!] = r));
  for (let i = 0; i < codes.length; i++) codes[i] = rank[codes[i]!]!;
  return { codes, categories };
}

export const targetEncodeStep: StepImpl<'targetEncode'> = {
  fit(frame, spec, ctx) {
    const y = labels(ctx);
    const columns = resolveColumns(frame, spec.columns, 'categorical', ctx);
    const n = frame.n;
    if (n < 2) throw new DataError(`${ctx.fn}: ${ctx.label}: target encoding needs at least 2 rows`);
    const m = spec.smoothing ?? 10;
    let total = 0;
    for (let i = 0; i < n; i++) total += y[i]!;
    const prior = total / n;
    const categories: string[][] = [];
    const encoding: number[][] = [];
    for (const c of columns) {
      const { codes, categories: cats } = encodeLabels(frame.categories(c));
      const sum = new Float64Array(cats.length);
      const cnt = new Float64Array(cats.length);
      for (let i = 0; i < n; i++) {
        sum[codes[i]!]! += y[i]!;
        cnt[codes[i]!]!++;
      }
      categories.push(cats);
      encoding.push(cats.map((_, k) => (cnt[k]! + m > 0 ? (sum[k]! + m * prior) / (cnt[k]! + m) : prior)));
    }
    return { type: 'targetEncode', folds: Math.min(spec.folds ?? 5, n), smoothing: m, columns, prior, categories, encoding };
  },
  layout: (f) => ({ replace: f.columns.map((c) => [c, [teName(c)]] as const) }),
  transform(frame, f, ctx) {
    const res = new Map<string, Col>();
    const n = frame.n;
    if (ctx.mode === 'apply') {
      f.columns.forEach((c, j) => {
        const index = new Map(f.categories[j]!.map((v, k) => [v, f.encoding[j]![k]!]));
        const values = frame.categories(c);
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = index.get(values[i]!) ?? f.prior;
        res.set(teName(c), { type: 'numeric', values: out });
      });
      return res;
    }
    // out of fold: row i in fold k is encoded with the statistics of the other folds
    const y = labels(ctx);
    const K = f.folds;
    const m = f.smoothing;
    const perm = permutation(n, ctx.rng);
    const fold = new Int32Array(n);
    for (let r = 0; r < n; r++) fold[perm[r]!] = r % K;
    const foldSum = new Float64Array(K);
    const foldCnt = new Float64Array(K);
    let total = 0;
    for (let i = 0; i < n; i++) {
      foldSum[fold[i]!]! += y[i]!;
      foldCnt[fold[i]!]!++;
      total += y[i]!;
    }
    const foldPrior = Array.from({ length: K }, (_, k) => (total - foldSum[k]!) / (n - foldCnt[k]!));
    f.columns.forEach((c) => {
      const { codes, categories } = encodeLabels(frame.categories(c));
      const C = categories.length;
      const sum = new Float64Array(C);
      const cnt = new Float64Array(C);
      const fs = new Float64Array(K * C);
      const fc = new Float64Array(K * C);
      for (let i = 0; i < n; i++) {
        const k = codes[i]!;
        const cell = fold[i]! * C + k;
        sum[k]! += y[i]!;
        cnt[k]!++;
        fs[cell]! += y[i]!;
        fc[cell]!++;
      }
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const k = codes[i]!;
        const cell = fold[i]! * C + k;
        const s = sum[k]! - fs[cell]!;
        const w = cnt[k]! - fc[cell]!;
        const p = foldPrior[fold[i]!]!;
        out[i] = w + m > 0 ? (s + m * p) / (w + m) : p;
      }
      res.set(teName(c), { type: 'numeric', values: out });
    });
    return res;
  },
};
