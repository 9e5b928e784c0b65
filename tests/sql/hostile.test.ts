/**
 * Hostile names and values: quotes, backticks, backslashes, semicolons, comments, unicode and
 * NUL in column names, categories, table names and options. In DuckDB the emitted SQL runs and
 * gives the in-process result with the table intact; for every dialect a reference lexer reads
 * each quoted identifier and literal back as exactly the original text (fast-check, fixed seed).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { applyPipeline, fitPipeline, OptionsError, SQL_DIALECTS, toSql } from '../../src/index.js';
import { dialectOf } from '../../src/sql/dialect.js';
import { openDuck } from './duck.js';
import type { Duck } from './duck.js';

const HOSTILE = [
  `a"b`,
  `x'); DROP TABLE subs; --`,
  'c /* comment */ d',
  '`tick`',
  'back\\slash\\',
  'semi;colon',
  '名字 😀',
  "it''s",
  '-- line',
  '\\"\\\'',
];

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.close());

describe('hostile identifiers and values in DuckDB', () => {
  test('toSql(pipeline) over hostile column names and categories runs and equals applyPipeline', async () => {
    const records = HOSTILE.flatMap((cat, i) =>
      [0, 1, 2].map((k) => {
        const r: Record<string, unknown> = { id: `r${i}-${k}` };
        HOSTILE.forEach((name, j) => (r[name] = j % 2 === 0 ? (i * 7 + j + k) % 5 : HOSTILE[(i + j + k) % HOSTILE.length]));
        r[HOSTILE[1]!] = cat;
        return r;
      }),
    );
    const model = fitPipeline([{ type: 'oneHot' }, { type: 'standardize', columns: { pattern: '^[^=]*$' } }], records);
    const want = applyPipeline(model, records);
    await duck.table('subs', records);
    await duck.table(HOSTILE[0]!, records);
    for (const input of ['subs', HOSTILE[0]!]) {
      const rows = await duck.rows(toSql(model, { dialect: 'duckdb', input }));
      expect(rows.length).toBe(records.length);
      const at = new Map(rows.map((r) => [r.id as string, r]));
      want.rowIds.forEach((id, i) => {
        want.columns.forEach((c, j) => expect(at.get(id)![c]).toBeCloseTo(want.values[i * want.nCols + j]!, 12));
      });
    }
    const [{ n }] = (await duck.rows(`SELECT count(*)::INTEGER AS n FROM subs`)) as [{ n: number }];
    expect(n).toBe(records.length);
    expect(want.columns.some((c) => c.includes('DROP TABLE'))).toBe(true);
  });
});

/** Reads one quoted token at the start of `s` as the dialect's lexer does; returns [value, rest]. */
function lex(s: string, quote: string, backslash: boolean): [string, string] {
  expect(s[0]).toBe(quote);
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const ch = s[i]!;
    if (backslash && ch === '\\') {
      out += s[++i]!;
    } else if (ch === quote) {
      if (!backslash && s[i + 1] === quote) {
        out += quote;
        i++;
      } else if (backslash && quote === '`' && s[i + 1] === '`') {
        // Spark doubles backticks inside backticks
        out += '`';
        i++;
      } else return [out, s.slice(i + 1)];
    } else out += ch;
  }
  throw new Error(`unterminated token in ${s}`);
}

describe('quoting round-trips through a reference lexer in every dialect', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !s.includes('\u0000'));
  const spec = {
    duckdb: { ident: ['"', false], text: ["'", false] },
    trino: { ident: ['"', false], text: ["'", false] },
    clickhouse: { ident: ['`', true], text: ["'", true] },
    spark: { ident: ['`', false], text: ["'", true] },
  } as const;
  for (const name of SQL_DIALECTS) {
    test(`${name}: ident(s) and text(s) are single tokens that read back as s`, () => {
      const d = dialectOf(name, 'test');
      fc.assert(
        fc.property(fc.oneof(text, fc.constantFrom(...HOSTILE)), (s) => {
          const [iq, ib] = spec[name].ident;
          const [tq, tb] = spec[name].text;
          const [a, restA] = lex(`${d.ident(s)} x`, iq, ib);
          const [b, restB] = lex(`${d.text(s)} x`, tq, tb);
          return a === s && b === s && restA === ' x' && restB === ' x';
        }),
        { seed: 13, numRuns: 500 },
      );
    });
  }
  test('toSql rejects NUL and lone surrogates in names with an OptionsError naming the option', () => {
    const model = fitPipeline([{ type: 'standardize' }], [{ x: 1 }, { x: 2 }]);
    expect(() => toSql(model, { dialect: 'duckdb', input: 'a\u0000b' })).toThrow(OptionsError);
    expect(() => toSql(model, { dialect: 'trino', input: 't', columns: { x: 'bad\ud800' } })).toThrow(/surrogate/);
    try {
      toSql(model, { dialect: 'spark', input: 't', keep: ['i\u0000d'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(OptionsError);
      expect((e as OptionsError).option).toBe('keep');
      expect((e as Error).message).toMatch(/^toSql: .*NUL/);
    }
  });
});
