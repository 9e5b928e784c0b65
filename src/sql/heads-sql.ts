/**
 * Internal: the SQL of the models that add columns to a relation of features — churn scores
 * (logistic, GBDT) and segment assignment (k-means, k-prototypes). Sums are written in the
 * order the in-process loops add, left to right, so DuckDB reproduces the same doubles.
 */
import type { GbdtModel } from '../churn/gbdt/schema.js';
import type { LogisticChurnModel } from '../churn/logistic.js';
import type { KMeansModel } from '../segment/kmeans.js';
import type { KPrototypesModel } from '../segment/kprototypes.js';
import type { Chain } from './chain.js';
import { numberLiteral } from './dialect.js';

/** The default output column names. */
export const OUTPUTS = { churn: 'churnProbability', segment: 'segment' } as const;

/** A left-to-right sum (`a + b + c` is `(a + b) + c` in SQL, as in the loops). */
const sum = (terms: readonly string[]): string => `(${terms.join(' + ')})`;

/** Adds `name` = σ(margin), stable on both sides as the in-process sigmoid, through a hidden margin column. */
function churnStage(chain: Chain, name: string, margin: string): void {
  const hidden = `${name}__margin`;
  chain.append([{ name: hidden, type: 'numeric', expr: margin }]);
  const m = chain.d.ident(hidden);
  const e = chain.d;
  const p = `(CASE WHEN ${m} >= 0e0 THEN 1e0 / (1e0 + ${e.exp(`(- ${m})`)}) ELSE ${e.exp(m)} / (1e0 + ${e.exp(m)}) END)`;
  chain.stage([...chain.cols.filter((c) => c.name !== hidden).map((c) => ({ ...c, expr: null })), { name, type: 'numeric', expr: p }]);
}

/** Adds `name` = P(churn) of a logistic model: σ(b + Σ wⱼ xⱼ). */
export function logisticToSql(model: LogisticChurnModel, chain: Chain, name: string): void {
  const fn = chain.fn;
  const who = `'churn/logistic' model`;
  const w = model.coefficients;
  const terms = [numberLiteral(model.intercept, fn, `${who} intercept`)];
  model.featureNames.forEach((f, j) => terms.push(`${numberLiteral(w[j]!, fn, `${who} coefficient of '${f}'`)} * ${chain.ref(f, who)}`));
  churnStage(chain, name, sum(terms));
}

/** Adds `name` = P(churn) of a GBDT model: σ(baseScore + Σ trees), one CASE tree per tree. */
export function gbdtToSql(model: GbdtModel, chain: Chain, name: string): void {
  const fn = chain.fn;
  const who = `'churn/gbdt' model`;
  const { offsets, feature, threshold, left, right, value, missingGoesLeft } = model.trees;
  const cols = model.featureNames.map((f) => chain.ref(f, who));
  const node = (a: number, nd: number, depth: number): string => {
    if (left[nd]! < 0) return numberLiteral(value[nd]!, fn, `${who} leaf value`);
    const x = cols[feature[nd]!]!;
    const thr = threshold[nd]!;
    const left_ = missingGoesLeft[nd] === 1;
    // NULL (missing) follows the learned default direction; a threshold of ±Infinity (every
    // present value on one side) is written without the literal SQL lacks
    let cond: string;
    if (thr === Infinity) cond = left_ ? 'TRUE' : `${x} IS NOT NULL`;
    else if (thr === -Infinity) cond = left_ ? `${x} IS NULL` : 'FALSE';
    else {
      const t = numberLiteral(thr, fn, `${who} threshold`);
      cond = left_ ? `${x} IS NULL OR ${x} <= ${t}` : `${x} <= ${t}`;
    }
    return `CASE WHEN ${cond} THEN ${node(a, a + left[nd]!, depth + 1)} ELSE ${node(a, a + right[nd]!, depth + 1)} END`;
  };
  const terms = [numberLiteral(model.baseScore, fn, `${who} baseScore`)];
  for (let t = 0; t < model.nTrees; t++) terms.push(`(${node(offsets[t]!, offsets[t]!, 0)})`);
  churnStage(chain, name, sum(terms));
}

/** Squared distances to each centroid, left-to-right sums as `distancesToCentres`. */
function distances(chain: Chain, cols: readonly string[], centroids: Float64Array, k: number, who: string): string[] {
  const p = cols.length;
  const out: string[] = [];
  for (let c = 0; c < k; c++) {
    const terms = cols.map((x, j) => {
      const diff = `(${x} - ${numberLiteral(centroids[c * p + j]!, chain.fn, `${who} centroid`)})`;
      return `${diff} * ${diff}`;
    });
    out.push(p === 0 ? '0e0' : `(${terms.join(' + ')})`);
  }
  return out;
}

/** Adds `name` = the nearest centroid (ties → the lowest index); NULL when a feature is missing. */
export function kmeansToSql(model: KMeansModel, chain: Chain, name: string): void {
  const who = `'segment/kmeans' model`;
  const cols = model.featureNames.map((f) => chain.ref(f, who));
  argminStage(chain, name, cols, distances(chain, cols, model.centroids, model.options.k, who));
}

/**
 * Adds `name` = the nearest prototype under ‖x − c‖² + γ · mismatches (ties → the lowest index);
 * NULL when a numeric feature or a category is missing. An unseen level mismatches every mode.
 */
export function kprototypesToSql(model: KPrototypesModel, chain: Chain, name: string): void {
  const fn = chain.fn;
  const who = `'segment/kprototypes' model`;
  const cols = model.featureNames.map((f) => chain.ref(f, who));
  const cats = model.categoricalNames.map((f) => chain.ref(f, who));
  const k = model.options.k;
  const q = cats.length;
  const gamma = numberLiteral(model.options.gamma, fn, `${who} gamma`);
  const dist = distances(chain, cols, model.centroids, k, who).map((dnum, c) => {
    if (q === 0) return `(${dnum} + ${gamma} * 0e0)`;
    const mis = cats.map((x, j) => `(CASE WHEN ${x} = ${chain.d.text(model.categories[j]![model.modes[c * q + j]!]!)} THEN 0e0 ELSE 1e0 END)`);
    return `(${dnum} + ${gamma} * (${mis.join(' + ')}))`;
  });
  argminStage(chain, name, [...cols, ...cats], dist);
}

function argminStage(chain: Chain, name: string, inputs: readonly string[], dist: readonly string[]): void {
  const hidden = dist.map((_, c) => `${name}__d${c}`);
  chain.append(hidden.map((h, c) => ({ name: h, type: 'numeric' as const, expr: dist[c]! })));
  const nullCheck = inputs.length > 0 ? `WHEN ${inputs.map((x) => `${x} IS NULL`).join(' OR ')} THEN NULL ` : '';
  const expr = `(CASE ${nullCheck}ELSE ${chain.d.argMin(hidden.map((h) => chain.d.ident(h)))} END)`;
  chain.stage([...chain.cols.filter((c) => !hidden.includes(c.name)).map((c) => ({ ...c, expr: null })), { name, type: 'numeric', expr }]);
}
