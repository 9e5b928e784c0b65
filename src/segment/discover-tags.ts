/**
 * `discoverTags`: lets clustering propose tags. Clusters the (standardised) matrix with k-means
 * and names each cluster by the features that most distinguish it from the population.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { assertFinite, toFeatureMatrix } from '../matrix/feature-matrix.js';
import type { MatrixInput } from '../matrix/feature-matrix.js';
import { assignSegments, fitKMeans } from './kmeans.js';
import type { KMeansModel } from './kmeans.js';
import { bool, defineOptions, int, real, seed, str } from '../internal/options.js';
import { MAX_CLUSTERS, MAX_ITER, MAX_STARTS } from '../limits.js';

const parseDiscoverTagsOptions = defineOptions('discoverTags', {
  k: int(1, MAX_CLUSTERS).default(6),
  seed: seed().default(0),
  nInit: int(1, MAX_STARTS).default(4),
  maxIter: int(1, MAX_ITER).optional(),
  standardize: bool().default(true),
  prefix: str().default('cluster'),
  clusterField: str().default('segment'),
  maxFeatures: int(0, 100_000).default(2),
  minEffect: real({ min: 0 }).default(0.5),
});

/*
 * discoverTags lives in segment (it is k-means plus naming) and hands its proposals to the tag
 * engine as plain data. Segment and tags are sibling modules that do not import each other, so the
 * shapes below are declared structurally: a ProposedTag is a valid tags `TagDefinition`, a
 * ProposedTagCatalogue a `TagCatalogue`, and the profiles a `TagProfileColumns`
 * (tests/segment/discover-tags.test.ts checks both with the tags module).
 */

/** A proposed tag, in the shape of a tag catalogue's `TagDefinition`. @category Segment */
export interface ProposedTag {
  /** `options.prefix + '_' + cluster` for a cluster; `options.prefix` for the category. */
  id: string;
  /** Generated name: the most distinguishing features and their direction. */
  label: string;
  /** 1 for the category, 2 for a cluster's tag. */
  level: number;
  parent?: string;
  /** `clusterField == cluster` (absent for the category, the union of its children). */
  rule?: { readonly field: string; readonly op: '=='; readonly value: number };
  description?: string;
}

/** The proposed catalogue, in the shape of a tags `TagCatalogue`. @category Segment */
export interface ProposedTagCatalogue {
  version: 1;
  tags: ProposedTag[];
}

/** Options of {@link discoverTags}. @category Segment */
export interface DiscoverTagsOptions {
  /** Number of clusters (default 6). */
  k?: number;
  /** Seed of k-means (default 0). */
  seed?: number;
  /** k-means starts; the lowest inertia wins (default 4). */
  nInit?: number;
  /** k-means iteration cap (default 300). */
  maxIter?: number;
  /** Standardise columns (z-scores) before clustering, so units do not weigh (default true). */
  standardize?: boolean;
  /** Prefix of the proposed tag ids: `cluster_0`, … (default `'cluster'`). */
  prefix?: string;
  /** Name of the profile field holding the cluster id in the proposed rules (default `'segment'`). */
  clusterField?: string;
  /** Features named per cluster (default 2). */
  maxFeatures?: number;
  /** Smallest |standardised difference| for a feature to count as distinguishing (default 0.5). */
  minEffect?: number;
}

/** A feature that sets a cluster apart. @category Segment */
export interface DistinguishingFeature {
  readonly feature: string;
  /** (cluster mean − population mean) / population standard deviation. */
  readonly effect: number;
  readonly direction: 'high' | 'low';
  /** Cluster mean and population mean, in the matrix's units. */
  readonly clusterMean: number;
  readonly populationMean: number;
}

/** One proposed tag: a cluster, its generated name and its rule. @category Segment */
export interface TagProposal {
  /** The proposed tag (level 2, parent `options.prefix`, rule `segment == c`). */
  readonly tag: ProposedTag;
  readonly cluster: number;
  readonly size: number;
  readonly share: number;
  /** The most distinguishing features, strongest first. */
  readonly features: readonly DistinguishingFeature[];
}

/** What {@link discoverTags} returns. @category Segment */
export interface DiscoveredTags {
  /** One proposal per cluster. */
  readonly proposals: readonly TagProposal[];
  /** A catalogue holding a level-1 category and the proposed tags, ready for `applyTagCatalogue`. */
  readonly catalogue: ProposedTagCatalogue;
  /** Column-form profiles `{ ids, columns: { segment } }` to evaluate the catalogue on. */
  readonly profiles: { readonly ids: readonly string[]; readonly columns: Readonly<Record<string, Float64Array>> };
  /** Cluster of each row. */
  readonly assignments: Int32Array;
  /** The k-means model (fitted on the standardised matrix when `standardize`). */
  readonly model: KMeansModel;
  /** Column means and standard deviations used to standardise (length p each). */
  readonly means: readonly number[];
  readonly sds: readonly number[];
}

/**
 * Proposes tags from clusters: standardises the columns (z = (x − mean) / sd), runs
 * {@link fitKMeans}, and for each cluster ranks the features by the standardised difference of
 * its mean from the population mean, (mean_c − mean) / sd. The strongest (|effect| ≥ `minEffect`,
 * at most `maxFeatures`) name the cluster: `nightDataShare high · callsPerMonth low`; a cluster
 * with none is `typical`. Each proposal carries a tag whose rule selects the cluster id.
 *
 * @param matrix - n × p FeatureMatrix or `number[][]` (no NaN: impute first)
 * @param options - see {@link DiscoverTagsOptions}
 * @param options.k - number of clusters (default 6)
 * @param options.seed - k-means seed (default 0)
 * @param options.nInit - k-means starts (default 4)
 * @param options.maxIter - k-means iteration cap (default 300)
 * @param options.standardize - z-score the columns first (default true)
 * @param options.prefix - tag id prefix (default `'cluster'`)
 * @param options.clusterField - profile field of the cluster id (default `'segment'`)
 * @param options.maxFeatures - features per name (default 2)
 * @param options.minEffect - least |standardised difference| to name a feature (default 0.5)
 * @returns proposals, a ready catalogue, the cluster-id profiles, assignments and the model
 * @throws DataError on an empty matrix, NaN or ±Infinity, or k larger than the number of distinct rows
 * @example
 * // a, b: night data users; c, d: daytime callers (asymmetric, so nightData, the larger
 * // standardised difference, names both clusters first; ties would sort by name)
 * const d = discoverTags(
 *   { rowIds: ['a', 'b', 'c', 'd'], columns: ['nightData', 'dayCalls'], values: new Float64Array([9, 1, 8, 1, 1, 5, 1, 4]), nRows: 4, nCols: 2 },
 *   { k: 2, seed: 1 },
 * );
 * d.proposals.map((p) => p.tag.label) // => ['nightData low · dayCalls high', 'nightData high · dayCalls low']
 * Array.from(d.assignments) // => [1, 1, 0, 0]
 * @category Segment
 */
export function discoverTags(matrix: MatrixInput, options: DiscoverTagsOptions = {}): DiscoveredTags {
  const fn = 'discoverTags';
  const opts = parseDiscoverTagsOptions(options);
  const m = toFeatureMatrix(matrix, fn);
  if (m.nRows === 0 || m.nCols === 0) throw new DataError(`${fn}: the matrix is empty (${m.nRows} × ${m.nCols})`);
  assertFinite(m, fn);
  const { k, prefix } = opts;
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(prefix)) throw new DataError(`${fn}: prefix '${prefix}' is not a valid tag id`);
  const { clusterField, maxFeatures, minEffect } = opts;
  const { nRows: n, nCols: p, values } = m;
  const means = new Array<number>(p).fill(0);
  const sds = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) means[j]! += values[i * p + j]!;
  for (let j = 0; j < p; j++) means[j] = means[j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) sds[j]! += (values[i * p + j]! - means[j]!) ** 2;
  for (let j = 0; j < p; j++) sds[j] = Math.sqrt(sds[j]! / n);
  const standardize = opts.standardize;
  let X = m;
  if (standardize) {
    const z = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) z[i * p + j] = sds[j]! > 0 ? (values[i * p + j]! - means[j]!) / sds[j]! : 0;
    X = { ...m, values: z };
  }
  const model = fitKMeans(X, { k, seed: opts.seed, nInit: opts.nInit, ...(opts.maxIter !== undefined ? { maxIter: opts.maxIter } : {}) });
  const assignments = assignSegments(model, X);
  const sums = new Float64Array(k * p);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const c = assignments[i]!;
    sizes[c]! += 1;
    for (let j = 0; j < p; j++) sums[c * p + j]! += values[i * p + j]!;
  }
  const proposals: TagProposal[] = [];
  for (let c = 0; c < k; c++) {
    const feats: DistinguishingFeature[] = [];
    for (let j = 0; j < p; j++) {
      const cm = sizes[c]! > 0 ? sums[c * p + j]! / sizes[c]! : NaN;
      const effect = sds[j]! > 0 ? (cm - means[j]!) / sds[j]! : 0;
      feats.push({ feature: m.columns[j]!, effect, direction: effect >= 0 ? 'high' : 'low', clusterMean: cm, populationMean: means[j]! });
    }
    feats.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || (a.feature < b.feature ? -1 : 1));
    const top = feats.filter((f) => Math.abs(f.effect) >= minEffect).slice(0, maxFeatures);
    const label = top.length ? top.map((f) => `${f.feature} ${f.direction}`).join(' · ') : 'typical';
    const share = sizes[c]! / n;
    const description =
      `${sizes[c]} subscribers (${(100 * share).toFixed(1)} %); ` +
      (top.length
        ? top.map((f) => `${f.feature} ${f.clusterMean.toPrecision(3)} vs ${f.populationMean.toPrecision(3)} overall (${f.effect >= 0 ? '+' : ''}${f.effect.toFixed(2)} sd)`).join('; ')
        : 'no feature differs by 0.5 sd or more');
    proposals.push({
      tag: { id: `${prefix}_${c}`, label, level: 2, parent: prefix, rule: { field: clusterField, op: '==', value: c }, description },
      cluster: c,
      size: sizes[c]!,
      share,
      features: top,
    });
  }
  const catalogue: ProposedTagCatalogue = {
    version: 1,
    tags: [{ id: prefix, label: 'Discovered segments', level: 1 }, ...proposals.map((q) => q.tag)],
  };
  return {
    proposals,
    catalogue,
    profiles: { ids: m.rowIds, columns: { [clusterField]: Float64Array.from(assignments) } },
    assignments,
    model,
    means,
    sds,
  };
}
