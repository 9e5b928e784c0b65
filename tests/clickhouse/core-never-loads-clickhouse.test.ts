/** Importing the core never loads ClickHouse: no module reachable from src/index.ts imports @clickhouse/client, chdb or src/clickhouse. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

test('the module graph of src/index.ts holds no @clickhouse or chdb import and no src/clickhouse file', () => {
  const seen = new Set<string>();
  const todo = [join(src, 'index.ts')];
  const offenders: string[] = [];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.startsWith(join(src, 'clickhouse'))) offenders.push(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const spec = m[1]!;
      if (spec.startsWith('@clickhouse') || spec === 'chdb') offenders.push(`${file} → ${spec}`);
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    }
  }
  expect(seen.size).toBeGreaterThan(50);
  expect(offenders).toEqual([]);
});
