/**
 * Fuzzing the data inputs: random and mutated CSV and JSON Lines bytes, random expression text for
 * parseExpr and parseAudience, random matrices with junk cells. Fixed seed and a small budget in
 * CI (well under 30 s); `FUZZ_RUNS=100000 npx vitest run tests/fuzz` runs a long session.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import * as z from 'zod';
import { collectBatches, isTelcoError, matrixFromRows, parseAudience, parseCsv, parseExpr, readCsv, readJsonLines } from 'telcokit';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const params = { seed: 20, numRuns: RUNS };
const Schema = z.object({ a: z.string(), b: z.number() });

/** Text from a CSV-ish alphabet: quotes, delimiters, every line ending, prototype names. */
const csvText = fc
  .array(fc.constantFrom('a', 'b', '1', '2.5', ',', ';', '"', '""', '\n', '\r\n', '\r', ' ', 'x', 'constructor', '__proto__', '用户'), { maxLength: 80 })
  .map((parts) => parts.join(''));

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Returns the error unless it is a TelcoError (then undefined). */
function raw(f: () => unknown): unknown {
  try {
    f();
    return undefined;
  } catch (e) {
    return isTelcoError(e) ? undefined : e;
  }
}

describe('CSV and JSON Lines fuzzing', () => {
  test('parseCsv on random text: every data row is a record or a problem; streamed in any chunking = whole', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.integer({ min: 1, max: 9 }), async (body, size) => {
        const text = `a,b\n${body}`;
        const whole = (() => {
          try {
            return parseCsv(text);
          } catch (e) {
            expect(isTelcoError(e)).toBe(true);
            return null;
          }
        })();
        if (!whole) return;
        const rows = new Set([...whole.rowNumbers, ...whole.problems.map((p) => p.row)]);
        // rows are numbered 0..n−1 with none missing and none twice
        expect(rows.size).toBe(whole.rowNumbers.length + new Set(whole.problems.map((p) => p.row)).size);
        for (let r = 0; r < rows.size; r++) expect(rows.has(r)).toBe(true);
        const streamed = await collectBatches(readCsv(chunks(new TextEncoder().encode(text), size), Schema, { batchSize: 3 }));
        expect(streamed.rowsRead).toBe(rows.size);
        expect(streamed.valid.length + streamed.invalidRows.length).toBe(streamed.rowsRead);
      }),
      params,
    );
  });

  test('readJsonLines on mutated lines: never a raw error, valid + invalid = rows read', async () => {
    const line = fc.oneof(
      fc.constant('{"a":"x","b":1}'),
      fc.json(),
      fc.string({ maxLength: 20 }),
      fc.constantFrom('{"__proto__":{"b":1},"a":"y","b":2}', '{"constructor":1,"a":"z","b":3}', '[1,2]', 'null', '{"a":'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.integer({ min: 1, max: 17 }), async (lines, nl, size) => {
        const text = lines.join(nl);
        const r = await collectBatches(readJsonLines(chunks(new TextEncoder().encode(text), size), Schema, { batchSize: 2, key: false }));
        expect(r.valid.length + r.invalidRows.length).toBe(r.rowsRead);
        expect(r.rowsRead).toBe(text.split('\n').filter((l) => l.trim() !== '').length);
      }),
      params,
    );
  });

  test('random bytes: readCsv either reads them (every row accounted for) or says they are not UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        const head = new TextEncoder().encode('a,b\n');
        const all = new Uint8Array(head.length + bytes.length);
        all.set(head);
        all.set(bytes, head.length);
        try {
          const r = await collectBatches(readCsv(chunks(all, 7), Schema));
          expect(r.valid.length + r.invalidRows.length).toBe(r.rowsRead);
        } catch (e) {
          expect(isTelcoError(e)).toBe(true);
        }
      }),
      params,
    );
  });
});

describe('expression fuzzing', () => {
  const exprText = fc
    .array(fc.constantFrom('(', ')', 'a', 'b', '1', '-', '+', '*', '/', ' and ', ' or ', 'not ', 'log(', 'min(', ',', '<', '==', '"s"', '`q`', '.5e3'), { maxLength: 60 })
    .map((p) => p.join(''));
  test('parseExpr on random text: parses or throws a named error', () => {
    fc.assert(
      fc.property(exprText, (t) => {
        expect(raw(() => parseExpr(t))).toBeUndefined();
      }),
      params,
    );
  });
  test('parseAudience on random text: parses or throws a named error', () => {
    const audText = fc
      .array(fc.constantFrom('(', ')', 'a', 'b', ' AND ', ' OR ', 'NOT ', ',', ' ', '&', '|', '!', 'constructor'), { maxLength: 60 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(audText, (t) => {
        expect(raw(() => parseAudience(t, ['a', 'b', 'constructor']))).toBeUndefined();
      }),
      params,
    );
  });
});

describe('matrix fuzzing', () => {
  test('matrixFromRows on rows with junk cells: a matrix of exactly the numbers given, or a named error', () => {
    const cell = fc.oneof(fc.double(), fc.constantFrom<unknown>(null, undefined, '5', 'abc', true, {}, [], 1n));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (rows) => {
        try {
          const m = matrixFromRows(rows as number[][]);
          expect(rows.flat().every((v) => typeof v === 'number')).toBe(true);
          expect(Array.from(m.values)).toEqual(rows.flat());
        } catch (e) {
          expect(isTelcoError(e)).toBe(true);
          expect(rows.flat().some((v) => typeof v !== 'number')).toBe(true);
        }
      }),
      params,
    );
  });
});
