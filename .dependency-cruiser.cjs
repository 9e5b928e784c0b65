/* global module */
/**
 * telcokit's module boundaries, checked by `npm run check:boundaries` (dependency-cruiser) in
 * .ci/run. Data flows one way (../shared/STYLE.md, docs/conventions.md "Boundaries"):
 *
 *   schema → data → features → segment | tags | churn | recommend → campaign | privacy | loyalty … → realtime
 *
 * Shared layers depend on nothing above them: internal (rng, codecs, kernels), errors.ts and limits.ts at the
 * bottom, then matrix (FeatureMatrix), then metrics and plot. Sibling modules do not import each
 * other. The root files (index.ts, model.ts) assemble everything and nothing imports them. No
 * import cycles, type-only imports included; no `node:` built-in outside src/node.
 */

// modules a file in `from` may import, besides itself
const LEFT = {
  internal: [],
  matrix: ['internal'],
  metrics: ['internal', 'matrix'],
  plot: ['internal', 'matrix', 'metrics'],
  schema: ['internal'],
  data: ['internal', 'schema'],
  features: ['internal', 'matrix', 'metrics', 'plot', 'schema', 'data'],
  segment: ['internal', 'matrix', 'metrics', 'plot', 'schema', 'data', 'features'],
  tags: ['internal', 'matrix', 'metrics', 'plot', 'schema', 'data', 'features'],
  churn: ['internal', 'matrix', 'metrics', 'plot', 'schema', 'data', 'features'],
  recommend: ['internal', 'matrix', 'metrics', 'plot', 'schema', 'data', 'features'],
};
const ANALYSIS = ['internal', 'matrix', 'metrics', 'plot', 'schema', 'data', 'features', 'segment', 'tags', 'churn', 'recommend'];
// modules to the right of the four analysis modules: they may use everything left of them
const RIGHT = ['campaign', 'privacy', 'loyalty', 'report', 'sql', 'serve'];
// the outer ring: modules that build on right-hand modules (real-time decisions use the campaign's
// contact policy and the privacy module's pseudonyms and noisy counts)
const OUTER = { realtime: ['campaign', 'privacy'] };

const layerRules = Object.entries(LEFT).map(([mod, allowed]) => ({
  name: `layer-${mod}`,
  comment: `src/${mod} may import only ${allowed.length ? allowed.join(', ') + ', ' : ''}errors.ts, long-run.ts and limits.ts (modules to its left)`,
  severity: 'error',
  from: { path: `^src/${mod}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/(${[mod, ...allowed].join('|')})/`, '^src/(errors|long-run|limits)\\.ts$'],
  },
}));

const rightRules = RIGHT.map((mod) => ({
  name: `layer-${mod}`,
  comment: `src/${mod} may import the analysis modules and the shared layers, not the root files, src/node or its right-hand siblings`,
  severity: 'error',
  from: { path: `^src/${mod}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/(${[mod, ...ANALYSIS].join('|')})/`, '^src/(errors|long-run|limits)\\.ts$'],
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included (tsPreCompilationDeps).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-node-builtins-outside-node',
      comment: 'Core code runs in Node, Deno and browsers: node: built-ins only in src/node (the telcokit/node entry).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/node/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'leaf-files-import-nothing',
      comment: 'src/errors.ts, src/long-run.ts (public types of long work) and src/limits.ts (the exported size ceilings) are the bottom layer.',
      severity: 'error',
      from: { path: '^src/(errors|long-run|limits)\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'no-root-imports',
      comment: 'src/index.ts and src/model.ts assemble the modules; no module imports them.',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/(index|model)\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    ...layerRules,
    ...rightRules,
    ...Object.entries(OUTER).map(([mod, allowed]) => ({
      name: `layer-${mod}`,
      comment: `src/${mod} may import ${allowed.join(', ')}, the analysis modules and the shared layers`,
      severity: 'error',
      from: { path: `^src/${mod}/` },
      to: { path: '^src/', pathNot: [`^src/(${[mod, ...allowed, ...ANALYSIS].join('|')})/`, '^src/(errors|long-run|limits)\\.ts$'] },
    })),
    {
      name: 'layer-clickhouse',
      comment: 'src/clickhouse (the telcokit/clickhouse entry) runs the SQL of src/sql on ClickHouse: it may import sql, the analysis modules and the shared layers',
      severity: 'error',
      from: { path: '^src/clickhouse/' },
      to: { path: '^src/', pathNot: [`^src/(clickhouse|sql|${ANALYSIS.join('|')})/`, '^src/(errors|long-run|limits)\\.ts$'] },
    },
    {
      name: 'layer-redis',
      comment: 'src/redis (the telcokit/redis entry) stores the decision handler\'s hot audiences in Redis: it may import realtime, the analysis modules and the shared layers',
      severity: 'error',
      from: { path: '^src/redis/' },
      to: { path: '^src/', pathNot: [`^src/(redis|realtime|${ANALYSIS.join('|')})/`, '^src/(errors|long-run|limits)\\.ts$'] },
    },
    {
      name: 'layer-duckdb',
      comment: 'src/duckdb (the telcokit/duckdb entry) runs the SQL of src/sql: it may import sql, the analysis modules and the shared layers',
      severity: 'error',
      from: { path: '^src/duckdb/' },
      to: { path: '^src/', pathNot: [`^src/(duckdb|sql|${ANALYSIS.join('|')})/`, '^src/(errors|long-run|limits)\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js'],
    },
  },
};
