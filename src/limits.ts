/**
 * Input limits: the ceilings of size options, checked before anything is allocated. A value above
 * its ceiling is an `OptionsError` naming the option and the range. docs/conventions.md lists them
 * in its "Input limits" table.
 *
 * @module
 */

/** Most clusters a k-means or k-prototypes fit (and `chooseK`'s `kMax`) accepts. @category Limits */
export const MAX_CLUSTERS = 10_000;
/** Most iterations, sweeps or epochs (`maxIter`) of any iterative fit. @category Limits */
export const MAX_ITER = 1_000_000;
/** Most random starts (`nInit`) of a clustering fit. @category Limits */
export const MAX_STARTS = 1_000;
/** Most latent factors of a factor model (ALS `factors`, profile model `factors`). @category Limits */
export const MAX_FACTORS = 1_024;
/** Most trees of a boosted ensemble (`nTrees`). @category Limits */
export const MAX_TREES = 100_000;
/** Most leaves per tree (`maxLeaves`). @category Limits */
export const MAX_LEAVES = 65_536;
/**
 * Most bins of a binning option: `quantileBin`'s `bins` and `populationStabilityIndex`'s `bins`.
 * (`fitGbdt`'s `maxBins` has its own ceiling, 255: bin codes are stored in one byte.)
 * @category Limits
 */
export const MAX_BINS = 100_000;
/** Most cross-validation folds (`folds`). @category Limits */
export const MAX_FOLDS = 1_000;
/** Most rows per batch (`batchSize` of readers and mini-batch fits). @category Limits */
export const MAX_BATCH_SIZE = 10_000_000;
/** Most items one ranking call returns (`k` of `recommend`, `similarOffers`, watch lists). @category Limits */
export const MAX_TOP_K = 1_000_000;
/**
 * Most offers `fitEase` (and the hybrid's EASE component) accepts: EASE inverts a dense
 * offers × offers Gram matrix, 8·n² bytes (512 MiB at this ceiling) and about n³/2 multiply–adds
 * per λ tried (docs/recommend.md has the measured times). Above it asking for EASE is a `DataError`.
 * @category Limits
 */
export const MAX_EASE_OFFERS = 8_192;
/**
 * Largest catalogue for which the hybrid recommender fits EASE by default (2,048 offers: a few
 * seconds of CPU per λ tried, against about 130 s per λ at 6,853 offers). Above it EASE is opt-in
 * (`components: [..., 'ease']`), up to {@link MAX_EASE_OFFERS}.
 * @category Limits
 */
export const DEFAULT_EASE_OFFERS = 2_048;
/** Most synthetic subscribers `generateOperator` builds. @category Limits */
export const MAX_SUBSCRIBERS = 10_000_000;
/** Most location pings per synthetic subscriber (`pingsPerSubscriber`). @category Limits */
export const MAX_PINGS_PER_SUBSCRIBER = 10_000;
/** Most subscribers a trigger engine keeps state for (`maxSubscribers`). @category Limits */
export const MAX_TRACKED_SUBSCRIBERS = 10_000_000;
/** Most events a trigger engine holds in its reorder buffer (`maxBufferedEvents`). @category Limits */
export const MAX_BUFFERED_EVENTS = 10_000_000;
/**
 * Longest name of a custom pipeline step and of its registered function (`name`, `fn`, the keys
 * of `customSteps`), in UTF-16 code units: names appear in every message about the step.
 * @category Limits
 */
export const MAX_CUSTOM_NAME_LENGTH = 200;
/**
 * Most threads the `workers` option asks for (`'auto'` is the processor count, capped here too):
 * each thread is a JavaScript engine instance of its own (a few MB).
 * @category Limits
 */
export const MAX_WORKERS = 64;
