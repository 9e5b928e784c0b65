/**
 * `tuneChurnModel`: hyperparameter search for the churn learners by successive halving (or plain
 * random search) over stratified cross-validation folds, with a nested-CV estimate of the tuned
 * model's score.
 *
 * @module
 */
import { DataError, DimensionError, OptionsError } from '../errors.js';
import { selectRows, toFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix, MatrixInput } from '../matrix/feature-matrix.js';
import { defineOptions, described, describeValue, int, longRun, oneOf, seed } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { nearestName } from '../internal/fuzzy.js';
import type { LongRunOptions } from '../internal/model.js';
import { throwIfAborted } from '../internal/model.js';
import { createRng } from '../internal/rng.js';
import type { Rng } from '../internal/rng.js';
import { permutation } from '../internal/sample.js';
import { MAX_FOLDS } from '../limits.js';
import { rocAuc } from '../metrics/binary.js';
import { stratifiedKFold } from '../metrics/cv.js';
import type { ChurnLabels } from './labels.js';
import { toBinaryLabels } from './labels.js';
import { fitChurnModel, predictChurn } from './fit-churn-model.js';
import type { ChurnModel, ChurnModelOptions } from './fit-churn-model.js';
import { parseGbdtOptions } from './gbdt/fit-gbdt.js';
import { parseLogisticOptions } from './logistic.js';

const FN = 'tuneChurnModel';
/** Fewest test rows a cross-validation fold may have in any rung. */
export const MIN_ROWS_PER_FOLD = 10;
/** Most candidates a search may draw. */
export const MAX_CANDIDATES = 10_000;

/** A value a tuned option may take. @category Churn */
export type TuneValue = number | string | boolean | null;

/**
 * The range of one tuned option: a list of values drawn uniformly, or a numeric interval drawn
 * uniformly (`log: true`: log-uniformly, for learning rates and penalties; `int: true`: rounded to
 * an integer).
 * @category Churn
 */
export type TuneRange = { readonly values: readonly TuneValue[] } | { readonly min: number; readonly max: number; readonly log?: boolean; readonly int?: boolean };

/** Options of {@link tuneChurnModel}. @category Churn */
export interface TuneChurnModelOptions extends LongRunOptions {
  /** The learner to tune. */
  readonly kind: 'logistic' | 'gbdt';
  /** Tuned options, by name, with their ranges; every name must be an option of `kind`. */
  readonly space: Readonly<Record<string, TuneRange>>;
  /** Options every candidate shares (not tuned). Default none. */
  readonly base?: Readonly<Record<string, unknown>>;
  /** `'halving'` (successive halving, default) or `'random'` (every candidate on `budget` rows). */
  readonly search?: 'halving' | 'random';
  /** Candidates drawn from `space`. Default 27 for halving, 10 for random search. */
  readonly candidates?: number;
  /** Halving: the share kept per rung is 1 / factor, the rows grow by factor. Default 3. */
  readonly factor?: number;
  /** Stratified cross-validation folds each candidate is scored on. Default 5. */
  readonly cv?: number;
  /** Most rows a candidate is scored on (the last rung's rows, scikit-learn's `max_resources`). Default all rows. */
  readonly budget?: number;
  /** Outer folds of the nested-CV estimate; 0 skips it. Default 3. */
  readonly outerFolds?: number;
  /** Seed of the draws, the subsamples, the folds and the fits. Default 0. */
  readonly seed?: number;
}

/** One candidate's scores in one rung. @category Churn */
export interface TuneRungScore {
  readonly rung: number;
  /** Rows the candidate was cross-validated on in this rung. */
  readonly rows: number;
  /** ROC-AUC of each fold. */
  readonly foldScores: readonly number[];
  /** Mean ROC-AUC over the folds. */
  readonly mean: number;
}

/** One candidate of the search. @category Churn */
export interface TuneCandidate {
  /** Position in draw order. */
  readonly id: number;
  /** The drawn values of the tuned options. */
  readonly params: Readonly<Record<string, TuneValue>>;
  /** Scores in every rung the candidate reached, in order. */
  readonly scores: readonly TuneRungScore[];
  /** The last rung reached (the last rung of the search for survivors). */
  readonly lastRung: number;
}

/** What {@link tuneChurnModel} returns. @category Churn */
export interface ChurnTuning {
  /** The winner's full options (`kind`, `base` and the tuned values), ready for `fitChurnModel`. */
  readonly best: ChurnModelOptions;
  /** The winner's tuned values. */
  readonly bestParams: Readonly<Record<string, TuneValue>>;
  /**
   * OPTIMISTIC: the winner's mean cross-validated ROC-AUC in the last rung. It was chosen as the
   * maximum over the candidates on these very folds, so it overstates what the tuned model scores
   * on new data. Quote `nestedScore` instead.
   */
  readonly bestScore: number;
  /**
   * HONEST: the nested-CV estimate — the mean ROC-AUC on `outerFolds` outer test folds, each
   * scored by a model whose whole search (draws, halving, refit) saw only the outer training rows.
   * NaN when `outerFolds` is 0.
   */
  readonly nestedScore: number;
  /** The outer folds' ROC-AUC, in fold order (empty when `outerFolds` is 0). */
  readonly nestedFoldScores: readonly number[];
  /** The tuned values each outer fold's search chose. */
  readonly nestedParams: readonly Readonly<Record<string, TuneValue>>[];
  /** Every candidate with its scores, in draw order. */
  readonly candidates: readonly TuneCandidate[];
  /** The schedule: per rung, the candidates scored and the rows each was scored on. */
  readonly rungs: readonly { readonly rung: number; readonly candidates: number; readonly rows: number }[];
  /** `best` refitted on every row. */
  readonly model: ChurnModel;
}

const rangeSchema = o.union([
  o.strictObject({ values: o.array(o.union([o.number(), o.string(), o.boolean(), o.literal(null)])) }),
  o.strictObject({ min: o.number(), max: o.number(), log: o.boolean().optional(), int: o.boolean().optional() }),
]);

const parseTuneOptions = defineOptions(FN, {
  kind: oneOf(['logistic', 'gbdt']),
  space: described(o.record(rangeSchema), 'an object of ranges ({ values: [...] } or { min, max, log?, int? }) by option name'),
  base: described(o.record(o.unknown()), 'an object of learner options').default({}),
  search: oneOf(['halving', 'random']).default('halving'),
  candidates: int(1, MAX_CANDIDATES).optional(),
  factor: int(2, 1_000).default(3),
  cv: int(2, MAX_FOLDS).default(5),
  budget: int(1, Number.MAX_SAFE_INTEGER).optional(),
  outerFolds: described(o.union([o.literal(0), int(2, MAX_FOLDS)]), '0 or an integer in [2, 1000]').default(3),
  seed: seed().default(0),
  ...longRun(),
});

type Resolved = ReturnType<typeof parseTuneOptions>;
type Params = Record<string, TuneValue>;

/** Options a search may not tune (they are not hyperparameters). */
const NOT_TUNABLE = new Set(['kind', 'seed', 'onProgress', 'signal']);

/** Checks the space's names against the learner's options and each range's ends against the option's constraint. */
function checkSpace(o: Resolved): void {
  const parser = o.kind === 'gbdt' ? parseGbdtOptions : parseLogisticOptions;
  const known = parser.keys.filter((k) => !NOT_TUNABLE.has(k));
  const names = Object.keys(o.space);
  if (names.length === 0) throw new OptionsError(`${FN}: option space is empty; give at least one option to tune`, 'space');
  for (const name of names) {
    if (!known.includes(name)) {
      const near = nearestName(name, known);
      throw new OptionsError(
        `${FN}: option space.${name} is not a tunable option of the ${o.kind} learner${near ? `; did you mean '${near}'?` : ''} (tunable: ${known.join(', ')})`,
        `space.${name}`,
      );
    }
    if (Object.hasOwn(o.base, name)) throw new OptionsError(`${FN}: option ${name} is both in space and in base; give it in one`, `space.${name}`);
    const r = o.space[name]!;
    let ends: TuneValue[];
    if ('values' in r) {
      if (r.values.length === 0) throw new OptionsError(`${FN}: option space.${name} has an empty list of values`, `space.${name}`);
      ends = r.values;
    } else {
      if (!Number.isFinite(r.min) || !Number.isFinite(r.max) || !(r.min <= r.max)) {
        throw new OptionsError(`${FN}: option space.${name} is an empty range: min ${r.min} must be finite and ≤ max ${r.max}`, `space.${name}`);
      }
      if (r.log && !(r.min > 0)) throw new OptionsError(`${FN}: option space.${name} is log-uniform, so min must be > 0, got ${r.min}`, `space.${name}`);
      if (r.int && Math.ceil(r.min) > Math.floor(r.max)) {
        throw new OptionsError(`${FN}: option space.${name} is an empty integer range: no integer in [${r.min}, ${r.max}]`, `space.${name}`);
      }
      ends = r.int ? [Math.ceil(r.min), Math.floor(r.max)] : [r.min, r.max];
    }
    // every value (or both ends) must be valid for the learner: the learner's own message, prefixed
    for (const v of ends) parser({ ...(o.kind === 'logistic' ? { kind: 'logistic' } : {}), ...o.base, [name]: v }, FN, 'space.');
  }
  parser({ ...(o.kind === 'logistic' ? { kind: 'logistic' } : {}), ...o.base }, FN, 'base.');
}

/** Draws one candidate from the space (names in the space's order). */
function draw(space: Readonly<Record<string, TuneRange>>, rng: Rng): Params {
  const out: Params = {};
  for (const [name, r] of Object.entries(space)) {
    if ('values' in r) {
      out[name] = r.values[Math.min(r.values.length - 1, Math.floor(rng.next() * r.values.length))]!;
    } else if (r.int) {
      const lo = Math.ceil(r.min);
      const hi = Math.floor(r.max);
      out[name] = r.log ? Math.min(hi, Math.max(lo, Math.round(Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo)))))) : lo + Math.min(hi - lo, Math.floor(rng.next() * (hi - lo + 1)));
    } else {
      out[name] = r.log ? Math.exp(Math.log(r.min) + rng.next() * (Math.log(r.max) - Math.log(r.min))) : r.min + rng.next() * (r.max - r.min);
    }
  }
  return out;
}

/**
 * The first `k` rows of a stratified seeded order: each class shuffled, then interleaved so that
 * every prefix keeps the class shares (to within one row per class). Ascending indices.
 */
function stratifiedPrefix(y: Uint8Array, k: number, rng: Rng): Int32Array {
  if (k >= y.length) return Int32Array.from(y, (_, i) => i);
  const byClass: number[][] = [[], []];
  for (let i = 0; i < y.length; i++) byClass[y[i]!]!.push(i);
  const n1 = byClass[1]!.length;
  const shuffled = byClass.map((rows) => {
    const perm = permutation(rows.length, rng);
    return Array.from(perm, (j) => rows[j]!);
  });
  const k1 = Math.min(n1, Math.max(0, Math.round((k * n1) / y.length)));
  const out = [...shuffled[1]!.slice(0, k1), ...shuffled[0]!.slice(0, k - k1)];
  return Int32Array.from(out).sort();
}

/**
 * The halving schedule (internal): R = min(1 + ⌊log_factor N⌋, the rungs whose first rung still
 * has `minRows` rows); rung r scores N_r candidates (N_0 = N, N_{r+1} = ⌈N_r / factor⌉) on
 * ⌊budget / factor^(R−1−r)⌋ rows.
 */
export function halvingSchedule(nCandidates: number, factor: number, budget: number, minRows: number): { candidates: number; rows: number }[] {
  let required = 1;
  while (factor ** required <= nCandidates) required++;
  let possible = 1;
  while (Math.floor(budget / factor ** possible) >= minRows) possible++;
  const R = Math.min(required, possible);
  const out: { candidates: number; rows: number }[] = [];
  let c = nCandidates;
  for (let r = 0; r < R; r++) {
    out.push({ candidates: c, rows: Math.floor(budget / factor ** (R - 1 - r)) });
    c = Math.ceil(c / factor);
  }
  return out;
}

/** Cross-validated ROC-AUC of one candidate on `rows` of `m` (folds fixed for the rung). */
function scoreCandidate(
  m: FeatureMatrix,
  y: Uint8Array,
  rows: Int32Array,
  folds: { train: Int32Array; test: Int32Array }[],
  opts: ChurnModelOptions,
  seedBase: number,
  where: string,
  signal: AbortSignal | undefined,
): number[] {
  const scores: number[] = [];
  for (let f = 0; f < folds.length; f++) {
    throwIfAborted(signal, FN);
    const tr = Int32Array.from(folds[f]!.train, (t) => rows[t]!);
    const te = Int32Array.from(folds[f]!.test, (t) => rows[t]!);
    const ytr = Uint8Array.from(tr, (i) => y[i]!);
    const yte = Uint8Array.from(te, (i) => y[i]!);
    for (const [part, yy, rr] of [['training', ytr, tr], ['test', yte, te]] as const) {
      let pos = 0;
      for (let t = 0; t < yy.length; t++) pos += yy[t]!;
      if (pos === 0 || pos === yy.length) {
        const shown = Array.from(rr.subarray(0, 5)).join(', ') + (rr.length > 5 ? ', …' : '');
        throw new DataError(
          `${FN}: ${where}, fold ${f} (0-based) of ${folds.length}: the ${part} rows (${yy.length}: rows ${shown}) hold class ${pos > 0 ? 1 : 0} only; ` +
            'use fewer folds (option cv) or a larger budget',
        );
      }
    }
    const model = fitChurnModel(selectRows(m, tr), ytr, { ...opts, seed: (seedBase + f) >>> 0 } as ChurnModelOptions);
    scores.push(rocAuc(yte, predictChurn(model, selectRows(m, te))));
  }
  return scores;
}

interface SearchResult {
  best: Params;
  bestScore: number;
  candidates: TuneCandidate[];
  rungs: { rung: number; candidates: number; rows: number }[];
}

/** One full search on the rows `m`, `y` (no refit). */
function search(m: FeatureMatrix, y: Uint8Array, o: Resolved, seedValue: number, where: string, tick: () => void): SearchResult {
  const rng = createRng(seedValue);
  const drawRng = rng.fork();
  const rowRng = rng.fork();
  const n = m.nRows;
  const budget = Math.min(o.budget ?? n, n);
  const minRows = o.cv * MIN_ROWS_PER_FOLD;
  const nCand = o.candidates ?? (o.search === 'halving' ? 27 : 10);
  const params = Array.from({ length: nCand }, () => draw(o.space, drawRng));
  const schedule = o.search === 'halving' ? halvingSchedule(nCand, o.factor, budget, minRows) : [{ candidates: nCand, rows: budget }];
  const scores: TuneRungScore[][] = params.map(() => []);
  let alive = params.map((_, i) => i);
  for (let r = 0; r < schedule.length; r++) {
    const { rows: k } = schedule[r]!;
    const rows = stratifiedPrefix(y, k, rowRng.fork());
    const yr = Uint8Array.from(rows, (i) => y[i]!);
    let folds: { train: Int32Array; test: Int32Array }[];
    try {
      folds = stratifiedKFold(yr, { folds: o.cv, seed: (seedValue + 7919 * (r + 1)) >>> 0 });
    } catch (e) {
      throw new DataError(`${FN}: ${where}, rung ${r}: cannot split ${k} rows into ${o.cv} folds (${(e as Error).message})`);
    }
    for (const c of alive) {
      const opts = { kind: o.kind, ...o.base, ...params[c]! } as ChurnModelOptions;
      const fs = scoreCandidate(m, y, rows, folds, opts, seedValue + 31 * r, `${where}, rung ${r} (${k} rows), candidate ${c}`, o.signal);
      scores[c]!.push({ rung: r, rows: k, foldScores: fs, mean: fs.reduce((a, b) => a + b, 0) / fs.length });
      tick();
    }
    if (r < schedule.length - 1) {
      const keep = schedule[r + 1]!.candidates;
      // best mean first; ties keep draw order
      alive = [...alive].sort((a, b) => scores[b]!.at(-1)!.mean - scores[a]!.at(-1)!.mean || a - b).slice(0, keep).sort((a, b) => a - b);
    }
  }
  const winner = [...alive].sort((a, b) => scores[b]!.at(-1)!.mean - scores[a]!.at(-1)!.mean || a - b)[0]!;
  return {
    best: params[winner]!,
    bestScore: scores[winner]!.at(-1)!.mean,
    candidates: params.map((p, id) => ({ id, params: p, scores: scores[id]!, lastRung: scores[id]!.length - 1 })),
    rungs: schedule.map((s, rung) => ({ rung, candidates: s.candidates, rows: s.rows })),
  };
}

/**
 * Tunes a churn learner's options by successive halving over stratified cross-validation
 * (Jamieson & Talwalkar, "Non-stochastic best arm identification and hyperparameter
 * optimization", AISTATS 2016; the schedule of scikit-learn's `HalvingRandomSearchCV` with
 * rows as the resource and `min_resources='exhaust'`):
 *
 * 1. draw `candidates` option sets from `space` (seeded);
 * 2. rung r scores ⌈N / factorʳ⌉ candidates by their mean `cv`-fold ROC-AUC on
 *    ⌊budget / factor^(R−1−r)⌋ rows (a stratified seeded subsample, the same for every candidate of
 *    the rung), so the last rung uses `budget` rows; rungs are dropped from the front while a
 *    fold would get fewer than 10 test rows;
 * 3. the best ⌈N / factor^(r+1)⌉ go on (ties: draw order); the best of the last rung wins.
 *
 * `search: 'random'` scores every candidate on `budget` rows (one rung). The winner is refitted on
 * every row (`model`). `bestScore` is the winner's own cross-validated score — optimistic, since it
 * is a maximum over candidates on the same folds; `nestedScore` repeats the whole search inside
 * each of `outerFolds` outer training folds and scores its refitted winner on the outer test fold,
 * the honest estimate of what tuning-then-fitting gives on new rows.
 *
 * @param matrix - n × p features (FeatureMatrix or `number[][]`)
 * @param labels - n labels, 0/1 or booleans
 * @param options - `kind`, `space` (required); `base`, `search` ('halving'), `candidates` (27 / 10),
 *   `factor` (3), `cv` (5), `budget` (n), `outerFolds` (3), `seed` (0), `onProgress`, `signal`
 * @returns the best options, every candidate's scores, the schedule, the optimistic `bestScore`,
 *   the nested `nestedScore` and the refitted model
 * @throws OptionsError for an unknown or invalid option, a space naming an option the learner does
 *   not have, an empty list or range, a range end the learner refuses, or a budget too small for
 *   `cv` folds of 10 rows
 * @throws DimensionError when labels and rows disagree
 * @throws DataError for bad labels, or a fold holding one class only (naming the outer fold, rung,
 *   candidate and fold)
 * @throws AbortError when `options.signal` fires
 * @example
 * const x = Array.from({ length: 200 }, (_, i) => [i % 10, (i * 7) % 13]);
 * const y = x.map(([a]) => (a! >= 5 ? 1 : 0));
 * const t = tuneChurnModel(x, y, { kind: 'logistic', space: { l2: { min: 0.01, max: 10, log: true } }, candidates: 4, factor: 2, outerFolds: 0 });
 * t.rungs.map((r) => r.candidates) // => [4, 2, 1]
 * @category Churn
 */
export function tuneChurnModel(matrix: MatrixInput, labels: ChurnLabels, options: TuneChurnModelOptions): ChurnTuning {
  const o = parseTuneOptions(options, FN);
  checkSpace(o);
  const m = toFeatureMatrix(matrix, FN);
  if (m.nRows === 0) throw new DimensionError(`${FN}: the matrix has no rows`);
  const y = toBinaryLabels(labels, m.nRows, FN);
  const n = m.nRows;
  const budget = Math.min(o.budget ?? n, n);
  const minRows = o.cv * MIN_ROWS_PER_FOLD;
  const outerShare = o.outerFolds > 0 ? (o.outerFolds - 1) / o.outerFolds : 1;
  if (budget < minRows || Math.floor(outerShare * budget) < minRows) {
    const needed = o.outerFolds > 0 ? Math.ceil(minRows / outerShare) : minRows;
    throw new OptionsError(
      `${FN}: option budget ${describeValue(o.budget ?? n)} (${budget} usable rows${o.outerFolds > 0 ? `, ${Math.floor(outerShare * budget)} in an outer training fold` : ''}) is too small for one fold: ` +
        `${o.cv} folds of at least ${MIN_ROWS_PER_FOLD} test rows need ${needed} rows`,
      o.budget === undefined ? 'cv' : 'budget',
    );
  }
  throwIfAborted(o.signal, FN);
  // progress: one unit per candidate-rung scored, searches in order (outer folds, then the full one)
  const nCand = o.candidates ?? (o.search === 'halving' ? 27 : 10);
  const perSearch = (rows: number): number =>
    o.search === 'halving' ? halvingSchedule(nCand, o.factor, Math.min(o.budget ?? rows, rows), minRows).reduce((a, s) => a + s.candidates, 0) : nCand;
  const outer = o.outerFolds > 0 ? stratifiedKFold(y, { folds: o.outerFolds, seed: o.seed }) : [];
  const total = perSearch(n) + outer.reduce((a, f) => a + perSearch(f.train.length), 0);
  let done = 0;
  const tick = (): void => {
    done++;
    o.onProgress?.({ stage: 'candidate', done, total });
  };

  const nestedFoldScores: number[] = [];
  const nestedParams: Params[] = [];
  for (let f = 0; f < outer.length; f++) {
    const { train, test } = outer[f]!;
    const mt = selectRows(m, train);
    const yt = Uint8Array.from(train, (i) => y[i]!);
    const s = search(mt, yt, o, (o.seed + 1 + f) >>> 0, `outer fold ${f} (0-based) of ${outer.length}`, tick);
    const model = fitChurnModel(mt, yt, { kind: o.kind, ...o.base, ...s.best, seed: o.seed } as ChurnModelOptions);
    const yTest = Uint8Array.from(test, (i) => y[i]!);
    nestedFoldScores.push(rocAuc(yTest, predictChurn(model, selectRows(m, test))));
    nestedParams.push(s.best);
  }
  const full = search(m, y, o, o.seed, 'search on all rows', tick);
  const best = { kind: o.kind, ...o.base, ...full.best, seed: o.seed } as ChurnModelOptions;
  throwIfAborted(o.signal, FN);
  const model = fitChurnModel(m, y, best);
  return {
    best,
    bestParams: full.best,
    bestScore: full.bestScore,
    nestedScore: nestedFoldScores.length ? nestedFoldScores.reduce((a, b) => a + b, 0) / nestedFoldScores.length : NaN,
    nestedFoldScores,
    nestedParams,
    candidates: full.candidates,
    rungs: full.rungs,
    model,
  };
}
