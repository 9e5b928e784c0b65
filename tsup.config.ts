import { defineConfig } from 'tsup';

const modules = ['schema', 'data', 'features', 'segment', 'tags', 'churn', 'recommend', 'metrics', 'campaign', 'loyalty', 'privacy', 'plot', 'report', 'duckdb', 'clickhouse', 'node', 'realtime', 'redis'];

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    cli: 'src/node/cli/bin.ts',
    ...Object.fromEntries(modules.map((m) => [`${m}/index`, `src/${m}/index.ts`])),
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['node:fs', 'node:http', 'node:stream', 'node:fs/promises', 'node:readline', 'node:util', 'node:path', 'vega', 'vega-lite', '@duckdb/node-api', 'redis', '@clickhouse/client', 'chdb'],
  // keep the `node:` prefix in telcokit/node: bundlers and Deno resolve built-ins by it
  removeNodeProtocol: false,
  // lean sourcemaps: they point into the shipped src/ instead of embedding every source file
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
});
