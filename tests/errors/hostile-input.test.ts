/**
 * Issue 20, the data-input half: each example of the lists ("Silent wrong results",
 * "Hangs", "Raw crashes", "Wrong but quiet") that concerns data inputs and parsers, as a test.
 */
import { describe, expect, test } from 'vitest';
import * as z from 'zod';
import {
  CallEdgeSchema,
  DataError,
  DimensionError,
  InteractionSchema,
  OptionsError,
  UsageMonthSchema,
  ValidationError,
  assignSegments,
  buildInteractionMatrix,
  calinskiHarabasz,
  callGraphFeatures,
  collectBatches,
  countAudience,
  createFeatureMatrix,
  detectDrift,
  evaluateBinary,
  evaluateTags,
  fitChurnModel,
  fitGbdt,
  fitKMeans,
  fitPipeline,
  fitRecommender,
  isTelcoError,
  matrixFromRows,
  parseCsv,
  parseExpr,
  readCsv,
  readJsonLines,
  suggestColumnMapping,
  treeShapGbdt,
  validateRecords,
  type FeatureMatrix,
} from 'telcokit';

/** Splits text into byte chunks of `size`. */
async function* bytes(b: Uint8Array | string, size: number): AsyncGenerator<Uint8Array> {
  const u = typeof b === 'string' ? new TextEncoder().encode(b) : b;
  for (let i = 0; i < u.length; i += size) yield u.subarray(i, i + size);
}

const X = [
  [0, 1],
  [1, 0],
  [2, 1],
  [3, 0],
  [4, 1],
  [5, 0],
];
const y = [0, 0, 0, 1, 1, 1];

describe('silent wrong results: numbers are numbers', () => {
  test('matrixFromRows([[null, 1]]), "5" and "abc" are DataErrors naming row and column', () => {
    expect(() => matrixFromRows([[null as unknown as number, 1]])).toThrow(/^matrixFromRows: value null at row 0, column 0 is not a number/);
    expect(() => matrixFromRows([[1, 2], [3, '5' as unknown as number]])).toThrow(/^matrixFromRows: value "5" \(string\) at row 1, column 1 is not a number/);
    expect(() => matrixFromRows([['abc' as unknown as number]])).toThrow(DataError);
    // NaN stays NaN: it means missing
    expect(Number.isNaN(matrixFromRows([[NaN]]).values[0])).toBe(true);
  });

  test('fitKMeans, fitChurnModel, calinskiHarabasz and treeShapGbdt refuse null and string cells, naming the function', () => {
    const bad = [...X.slice(0, 5), [null, 1]] as unknown as number[][];
    expect(() => fitKMeans(bad, { k: 2 })).toThrow(/^fitKMeans: value null at row 5, column 0/);
    expect(() => fitChurnModel(bad, y, { kind: 'logistic' })).toThrow(/^fitChurnModel: value null at row 5, column 0/);
    expect(() => calinskiHarabasz(bad, [0, 0, 0, 1, 1, 1])).toThrow(/^calinskiHarabasz: value null/);
    const model = fitGbdt(X, y, { nTrees: 2, minSamplesLeaf: 1 });
    expect(() => treeShapGbdt(model, ['1', 2] as unknown as number[])).toThrow(/^explainGbdt: value "1" \(string\) at column 0 is not a number/); // treeShapGbdt is explainGbdt's deprecated alias
    expect(() => treeShapGbdt(model, [null, 2] as unknown as number[])).toThrow(DataError);
  });

  test('hand-built FeatureMatrix objects whose sizes disagree with values are DimensionErrors', () => {
    const m: FeatureMatrix = { rowIds: ['a', 'b'], columns: ['x', 'y'], values: new Float64Array(6), nRows: 2, nCols: 2 };
    expect(() => fitKMeans(m, { k: 2 })).toThrow(/^fitKMeans: matrix has 6 values, expected nRows × nCols = 2 × 2 = 4/);
    expect(() => fitKMeans({ ...m, values: new Float64Array(4), nCols: 3 }, { k: 2 })).toThrow(DimensionError);
    expect(() => fitKMeans({ ...m, values: new Float64Array(4), rowIds: ['a'] }, { k: 2 })).toThrow(/matrix has 1 row ids but nRows is 2/);
    expect(() => fitKMeans({ ...m, values: [0, 0, 0, 0] as unknown as Float64Array }, { k: 2 })).toThrow(DataError);
  });

  test('duplicate column names are refused, so detectDrift cannot compare the first of two twice', () => {
    expect(() => createFeatureMatrix(new Float64Array(4), ['a', 'a'])).toThrow(/^createFeatureMatrix: columns 0 and 1 are both named "a"/);
    const ref: FeatureMatrix = { rowIds: ['1', '2'], columns: ['a', 'a'], values: new Float64Array([0, 0, 1, 1]), nRows: 2, nCols: 2 };
    expect(() => detectDrift(ref, ref)).toThrow(/^detectDrift: columns 0 and 1 are both named "a"/);
  });

  test('one label check: fitGbdt accepts booleans as fitChurnModel does, and refuses the same bad labels', () => {
    const yb = y.map((v) => v === 1);
    const a = fitGbdt(X, yb, { nTrees: 2, minSamplesLeaf: 1 });
    const b = fitGbdt(X, y, { nTrees: 2, minSamplesLeaf: 1 });
    expect(a.trees).toEqual(b.trees);
    expect(() => fitChurnModel(X, yb, { kind: 'gbdt', nTrees: 2, minSamplesLeaf: 1 })).not.toThrow();
    for (const fit of [(l: unknown) => fitGbdt(X, l as number[]), (l: unknown) => fitChurnModel(X, l as number[], { kind: 'logistic' })]) {
      expect(() => fit([0, 0, 0, 1, 1, 2])).toThrow(/label at index 5 is 2; labels must be 0\/1 or booleans/);
      expect(() => fit([0, 0, 0, 1, 1, '1'])).toThrow(DataError);
      expect(() => fit(null)).toThrow(DataError);
    }
  });

  test('interactions without subscriberId (a subscriber_id export) are a DataError naming the record and field', () => {
    const rows = [{ subscriber_id: 's1', offerId: 'o1', kind: 'accept', timestamp: '2024-05-01T00:00:00Z' }] as never[];
    expect(() => fitRecommender({ interactions: rows })).toThrow(/^fitRecommender: interaction 0 has no subscriberId; .*fields: subscriber_id, offerId, kind/);
    expect(() => buildInteractionMatrix(rows)).toThrow(/^buildInteractionMatrix: interaction 0 has no subscriberId/);
    expect(() => buildInteractionMatrix([{ subscriberId: 's1', offerId: 7, kind: 'accept', timestamp: '2024-05-01T00:00:00Z' }] as never[])).toThrow(/offerId/);
  });

  test('duplicate offer ids in offers are a DataError (recommend would return the same offer twice)', () => {
    const interactions = [
      { subscriberId: 's1', offerId: 'o1', kind: 'accept' as const, timestamp: '2024-05-01T00:00:00Z' },
      { subscriberId: 's2', offerId: 'o2', kind: 'accept' as const, timestamp: '2024-05-01T00:00:00Z' },
    ];
    const offers = [{ id: 'o1' }, { id: 'o2' }, { id: 'o1' }] as never[];
    expect(() => fitRecommender({ interactions, offers }, { components: ['popularity'] })).toThrow(/^fitRecommender: offerIds\[2\] repeats the id 'o1' of offerIds\[0\]/);
    expect(() => buildInteractionMatrix(interactions, { offerIds: ['o1', 'o1'] })).toThrow(DataError);
    expect(() => fitRecommender({ interactions, offers: [{ id: 1 }] as never[] }, { components: ['popularity'] })).toThrow(/offers\[0\] has id 1; ids must be non-empty strings/);
  });

  test('a CSV with mixed \\r\\n and \\n line endings keeps every row apart (no value "3\\n")', () => {
    const t = parseCsv('a,b\r\n1,2\n3,4\r\n5,6\n7,8\r9,10');
    expect(t.records).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
      { a: '5', b: '6' },
      { a: '7', b: '8' },
      { a: '9', b: '10' },
    ]);
    expect(t.problems).toEqual([]);
    // a quoted line break keeps its own ending
    expect(parseCsv('a,b\n1,"x\r\ny"\r\n2,z\n').records).toEqual([
      { a: '1', b: 'x\r\ny' },
      { a: '2', b: 'z' },
    ]);
  });
});

describe('hangs and runaway memory on small input', () => {
  test('readCsv with batchSize 0, NaN, 0.5 or over the ceiling is an OptionsError, not an endless loop', async () => {
    for (const batchSize of [0, NaN, 0.5, -1, 1e8, '10' as unknown as number]) {
      const err = await collectBatches(readCsv('a\n1\n', CallEdgeSchema, { batchSize })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OptionsError);
      expect((err as OptionsError).option).toBe('batchSize');
    }
    await expect(collectBatches(readJsonLines('{}\n', CallEdgeSchema, { batchSize: 0 }))).rejects.toThrow(/^readJsonLines: option batchSize must be an integer in \[1, 10000000\], got 0/);
  });

  test('one stray quote in a streamed CSV costs its own row, names the line the quote opened on, and the rest is read', async () => {
    const header = 'callerId,calleeId,month,calls,minutes\n';
    let body = '';
    for (let i = 0; i < 500; i++) body += `A${i},B,2024-05,1,2\n`;
    const text = `${header}A,B,2024-05,1,2\nX,"Y,2024-05,1,2\n${body}`;
    for (const size of [1, 7, 4096]) {
      const r = await collectBatches(readCsv(bytes(text, size), CallEdgeSchema, { batchSize: 100 }));
      expect(r.valid.length).toBe(501);
      expect(r.invalidRows).toEqual([1]);
      expect(r.rowsRead).toBe(502);
      expect(r.errors[0]!.reason).toBe('malformed CSV: unterminated quote: the quote opened on line 3 is never closed (row starts on line 3)');
    }
    const whole = parseCsv(text);
    expect(whole.records.length).toBe(501);
    expect(whole.problems.map((p) => p.row)).toEqual([1]);
  });

  test('one very long JSON Lines line streamed in small chunks is read whole', async () => {
    const note = 'x'.repeat(200_000);
    const ts = '"timestamp":"2024-05-01T00:00:00Z"';
    const text = `{"subscriberId":"s1","offerId":"o1",${ts},"kind":"click","note":"${note}"}\n{"subscriberId":"s2","offerId":"o2",${ts},"kind":"click"}\n`;
    const r = await collectBatches(readJsonLines(bytes(text, 1000), InteractionSchema, { unknownFields: 'keep' }));
    expect(r.valid.length).toBe(2);
    expect((r.valid[0] as unknown as { note: string }).note.length).toBe(200_000);
  });

  test('an audience AST that reuses a sub-node (41 objects, 2^40 paths) returns a named error at once', () => {
    const index = evaluateTags({ tags: [{ id: 'big', label: 'Big', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] }, [
      { id: 'a', bill: 120 },
      { id: 'b', bill: 80 },
    ]);
    let node: unknown = { type: 'tag', name: 'big', position: 0 };
    for (let i = 0; i < 40; i++) node = { type: 'and', operands: [node, node], position: 0 };
    expect(() => countAudience(index, node as never)).toThrow(/^countAudience: the expression expands to more than 100000 nodes/);
    // a small DAG is fine and means the same as its tree
    let small: unknown = { type: 'tag', name: 'big', position: 0 };
    for (let i = 0; i < 5; i++) small = { type: 'or', operands: [small, { type: 'not', operand: { type: 'not', operand: small } }], position: 0 };
    expect(countAudience(index, small as never)).toBe(1);
    // a node that contains itself
    const cyc: { type: 'not'; operand: unknown } = { type: 'not', operand: null };
    cyc.operand = cyc;
    expect(() => countAudience(index, cyc as never)).toThrow(/contains itself/);
  });

  test('callGraphFeatures with one edge to id 10,000,000 or 2^31 − 1 is a named DataError, not 10 million rows', () => {
    for (const id of [10_000_000, 2 ** 31 - 1]) {
      expect(() => callGraphFeatures({ caller: new Int32Array([0]), callee: new Int32Array([id]), minutes: [1], calls: [1] })).toThrow(
        new RegExp(`^callGraphFeatures: node id ${id} would give ${id + 1} rows for 1 edges; integer ids must be dense`),
      );
    }
    // dense ids are fine
    expect(callGraphFeatures({ caller: new Int32Array([0, 1]), callee: new Int32Array([1, 2]), minutes: [1, 1], calls: [1, 1] }).nRows).toBe(3);
  });
});

describe('raw crashes where a named error belongs', () => {
  test("parseExpr('(' × 20,000) and other deep nestings are ValidationErrors, not stack overflows", () => {
    for (const text of ['('.repeat(20_000) + 'a' + ')'.repeat(20_000), '-'.repeat(20_000) + 'a', 'not '.repeat(20_000) + 'a', 'log('.repeat(20_000)]) {
      expect(() => parseExpr(text)).toThrow(ValidationError);
      expect(() => parseExpr(text)).toThrow(/^parseExpr: expression nested deeper than 256 levels/);
    }
    expect(parseExpr('('.repeat(256) + 'a' + ')'.repeat(256))).toEqual({ kind: 'field', name: 'a' });
  });

  test('derived expressions in a pipeline share the ceiling', () => {
    const deep = '('.repeat(5000) + 'x' + ')'.repeat(5000);
    const err = (() => {
      try {
        fitPipeline([{ type: 'derive', name: 'd', expr: deep } as never], [{ x: 1 }, { x: 2 }]);
      } catch (e) {
        return e;
      }
    })();
    expect(isTelcoError(err)).toBe(true);
  });

  test('CSV headers named constructor, toString and __proto__ are plain fields with and without columns', () => {
    const text = 'constructor,toString,__proto__,x\n1,2,3,4\n';
    for (const t of [parseCsv(text), parseCsv(text, { columns: { x: 'y' } })]) {
      const r = t.records[0]!;
      expect(Object.keys(r)).toEqual(['constructor', 'toString', '__proto__', t.header[3]]);
      expect(r.constructor).toBe('1');
      expect(r.toString).toBe('2');
      expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(r, '__proto__')!.value).toBe('3');
    }
  });

  test('suggestColumnMapping does not map prototype-named headers as schema fields', () => {
    const m = suggestColumnMapping(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'monthly_fee'], UsageMonthSchema);
    expect(m.mapping).toEqual({ monthly_fee: 'monthlyFee' });
    expect(m.unmapped).toEqual(['constructor', 'toString', '__proto__', 'hasOwnProperty']);
  });

  test('missing or null arguments give named errors, not TypeErrors', async () => {
    expect(() => (fitChurnModel as (...a: unknown[]) => unknown)(X, y)).toThrow(OptionsError);
    expect(() => (fitChurnModel as (...a: unknown[]) => unknown)(X, y)).toThrow(/^fitChurnModel: options must be an object with kind 'logistic' or 'gbdt', got undefined/);
    expect(() => validateRecords(UsageMonthSchema, null as never)).toThrow(/^validateRecords: expected an array \(or iterable\) of records, got null/);
    expect(() => validateRecords(null as never, [])).toThrow(DataError);
    expect(() => parseCsv(null as never)).toThrow(/^parseCsv: expected the CSV text as a string, got null/);
    expect(() => fitPipeline([{ type: 'standardize' }], [{ x: 1 }, null, { x: 3 }] as never)).toThrow(/^fitPipeline: record 1 is null, expected an object of fields/);
    await expect(collectBatches(readCsv(null as never, CallEdgeSchema))).rejects.toThrow(/^readCsv: expected text, a ReadableStream/);
  });

  test('GBDT on a zero-column matrix is a named DataError', () => {
    const m = createFeatureMatrix(new Float64Array(0), [], ['a', 'b']);
    expect(() => fitGbdt(m, [0, 1])).toThrow(/^fitGbdt: the matrix has no columns/);
    expect(() => fitChurnModel(m, [0, 1], { kind: 'gbdt' })).toThrow(/^fitChurnModel: the matrix has no columns/);
  });
});

describe('wrong but quiet', () => {
  // "用户ID,月租费\nS1,58\n" in GB18030 (the bytes a Chinese billing export holds)
  const gbk = new Uint8Array([0xd3, 0xc3, 0xbb, 0xa7, 0x49, 0x44, 0x2c, 0xd4, 0xc2, 0xd7, 0xe2, 0xb7, 0xd1, 0x0a, 0x53, 0x31, 0x2c, 0x35, 0x38, 0x0a]);
  const Schema = z.object({ subscriberId: z.string(), monthlyFee: z.number() });

  test('GBK bytes read as UTF-8 are a DataError suggesting the encoding, not U+FFFD', async () => {
    const err = await collectBatches(readCsv(bytes(gbk, 5), Schema)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/^readCsv: the input is not valid utf-8 .*pass encoding: 'gb18030'/);
  });

  test("readCsv(bytes, schema, { encoding: 'gb18030' }) decodes them (chunks split inside characters)", async () => {
    for (const encoding of ['gb18030', 'gbk']) {
      const r = await collectBatches(readCsv(bytes(gbk, 3), Schema, { encoding, columns: { 用户ID: 'subscriberId', 月租费: 'monthlyFee' } }));
      expect(r.valid).toEqual([{ subscriberId: 'S1', monthlyFee: 58 }]);
    }
    await expect(collectBatches(readCsv(bytes(gbk, 3), Schema, { encoding: 'klingon' }))).rejects.toThrow(OptionsError);
  });

  test("a typo in validateRecords' key option is an OptionsError, not every row a duplicate", () => {
    const rows = [
      { callerId: 'a', calleeId: 'b', month: '2024-05', calls: 1, minutes: 1 },
      { callerId: 'a', calleeId: 'c', month: '2024-05', calls: 1, minutes: 1 },
    ];
    expect(() => validateRecords(CallEdgeSchema, rows, { key: 'calerId' })).toThrow(/^validateRecords: key field "calerId" is not a field of the schema/);
    expect(() => validateRecords(CallEdgeSchema, rows, { key: ['callerId', 'constructor'] })).toThrow(OptionsError);
    expect(validateRecords(CallEdgeSchema, rows, { key: ['callerId', 'calleeId'] }).valid.length).toBe(2);
  });

  test('evaluateBinary given margins outside [0, 1] is a DataError naming the score', () => {
    expect(() => evaluateBinary([0, 1, 0, 1], [-2, 3, 0.5, 1.5])).toThrow(/^evaluateBinary: score -2 at index 0 is outside \[0, 1\]/);
  });

  test('k-means with |x| ≳ 1e154 is a DataError (squared distances would overflow), not a wrong partition', () => {
    const big = [[1e155], [1.1e155], [-1e155], [-1.1e155]];
    expect(() => fitKMeans(big, { k: 2 })).toThrow(/^fitKMeans: value 1e\+155 at row 0 \(id 0\), column 'x0' is too large/);
    expect(() => calinskiHarabasz(big, [0, 0, 1, 1])).toThrow(DataError);
    // the same data rescaled partitions right
    const model = fitKMeans(big.map((r) => [r[0]! / 1e150]), { k: 2, seed: 1 });
    const a = assignSegments(model, big.map((r) => [r[0]! / 1e150]));
    expect(a[0]).toBe(a[1]);
    expect(a[2]).toBe(a[3]);
    expect(a[0]).not.toBe(a[2]);
  });
});
