/** Importing the core never loads DuckDB: no module reachable from src/index.ts imports @duckdb/node-api or src/duckdb. */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { moduleGraph, srcDir } from '../support/module-graph.js';

test('the module graph of src/index.ts holds no @duckdb import and no src/duckdb file', () => {
  const { files, bareImports } = moduleGraph();
  const offenders = [
    ...[...files].filter((file) => file.startsWith(join(srcDir, 'duckdb'))),
    ...bareImports.filter(({ spec }) => spec.startsWith('@duckdb')).map(({ file, spec }) => `${file} → ${spec}`),
  ];
  expect(files.size).toBeGreaterThan(50);
  expect(offenders).toEqual([]);
});
