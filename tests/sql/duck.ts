/** Test support: an in-memory DuckDB with tables made from records (numbers → DOUBLE, text → VARCHAR). */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';

export interface Duck {
  readonly con: DuckDBConnection;
  table(name: string, records: readonly Readonly<Record<string, unknown>>[], types?: Readonly<Record<string, 'DOUBLE' | 'VARCHAR' | 'BOOLEAN'>>): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

const q = (s: string): string => `"${s.replaceAll('"', '""')}"`;

export async function openDuck(): Promise<Duck> {
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await inst.connect();
  return {
    con,
    async table(name, records, types = {}) {
      const cols: string[] = [];
      for (const r of records) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
      const typeOf = (c: string): string => {
        if (types[c]) return types[c]!;
        for (const r of records) {
          const v = r[c];
          if (typeof v === 'string') return 'VARCHAR';
          if (typeof v === 'boolean') return 'BOOLEAN';
          if (typeof v === 'number') return 'DOUBLE';
        }
        return 'DOUBLE';
      };
      const ts = cols.map(typeOf);
      await con.run(`CREATE OR REPLACE TABLE ${q(name)} (${cols.map((c, j) => `${q(c)} ${ts[j]}`).join(', ')})`);
      const app = await con.createAppender(name);
      for (const r of records) {
        cols.forEach((c, j) => {
          const v = r[c];
          if (v === null || v === undefined) app.appendNull();
          else if (ts[j] === 'VARCHAR') app.appendVarchar(String(v));
          else if (ts[j] === 'BOOLEAN') app.appendBoolean(Boolean(v));
          else app.appendDouble(Number(v));
        });
        app.endRow();
      }
      app.closeSync();
    },
    async rows(sql) {
      const r = await con.runAndReadAll(sql);
      return r.getRowObjectsJS() as Record<string, unknown>[];
    },
    close() {
      con.closeSync();
      inst.closeSync();
    },
  };
}
