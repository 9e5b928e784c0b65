/**
 * Golden SQL: the same chain written for each dialect, compared with the files in
 * tests/sql/golden/ (reviewed by hand; regenerate with TELCOKIT_UPDATE_GOLDEN=1). The Trino text
 * and the Spark text are parsed by dt-sql-parser 4.5 (ANTLR grammars of Trino and Spark SQL, the
 * real parsers the npm registry offers for these dialects); DuckDB's is run by
 * the DuckDB conformance tests; ClickHouse's is checked against its golden file only (the
 * ClickHouse issue adds a server test).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { SparkSQL } from 'dt-sql-parser/dist/parser/spark/index.js';
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino/index.js';
import { SQL_DIALECTS, toSql } from '../../src/index.js';
import { goldenChain } from './golden-fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const { pipeline, churn, km, catalogue, thresholds } = goldenChain();
const emit = (dialect: (typeof SQL_DIALECTS)[number]) =>
  toSql([pipeline, churn, km, catalogue], { dialect, input: ['lake', 'crm', 'subscribers'], thresholds, audiences: { target: 'risk AND NOT heavy.user' } });

describe('toSql golden SQL per dialect', () => {
  for (const dialect of SQL_DIALECTS) {
    test(`toSql(chain, { dialect: '${dialect}' }) matches tests/sql/golden/${dialect}.sql`, () => {
      const file = join(here, 'golden', `${dialect}.sql`);
      const sql = emit(dialect);
      if (process.env.TELCOKIT_UPDATE_GOLDEN === '1') {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, `${sql}\n`);
      }
      expect(`${sql}\n`).toBe(readFileSync(file, 'utf8'));
    });
  }
  test('the Trino SQL parses with dt-sql-parser (TrinoSQL grammar)', () => {
    expect(new TrinoSQL().validate(emit('trino'))).toEqual([]);
  });
  test('the Spark SQL parses with dt-sql-parser (SparkSQL grammar), which rejects broken SQL', () => {
    expect(new SparkSQL().validate(emit('spark'))).toEqual([]);
    expect(new SparkSQL().validate('SELECT (1 FROM x').length).toBeGreaterThan(0);
  }, 60_000);
});
