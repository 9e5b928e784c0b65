/** Importing the core never loads ClickHouse: no module reachable from src/index.ts imports @clickhouse/client, chdb or src/clickhouse. */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { moduleGraph, srcDir } from '../support/module-graph.js';

test('the module graph of src/index.ts holds no @clickhouse or chdb import and no src/clickhouse file', () => {
  const { files, bareImports } = moduleGraph();
  const offenders = [
    ...[...files].filter((file) => file.startsWith(join(srcDir, 'clickhouse'))),
    ...bareImports
      .filter(({ spec }) => spec.startsWith('@clickhouse') || spec === 'chdb')
      .map(({ file, spec }) => `${file} → ${spec}`),
  ];
  expect(files.size).toBeGreaterThan(50);
  expect(offenders).toEqual([]);
});
