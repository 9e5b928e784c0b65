import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CallEdgeSchema, DataError, UsageMonthSchema, ValidationError, collectBatches, parseCsv, readCsv, readJsonLines, validateRecords } from 'telcokit';

const HEADER = 'callerId,calleeId,month,calls,minutes';

/** Splits text into byte chunks of `size` (so multi-byte characters and CRLF get cut). */
async function* bytes(text: string, size: number): AsyncGenerator<Uint8Array> {
  const b = new TextEncoder().encode(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

describe('parseCsv', () => {
  test('handles a BOM, CRLF, quoted commas, quoted newlines and escaped quotes', () => {
    const t = parseCsv('\uFEFFid,note\r\ns1,"a, b"\r\ns2,"line1\r\nline2"\r\ns3,"say ""hi"""\r\n');
    expect(t.header).toEqual(['id', 'note']);
    expect(t.records).toEqual([
      { id: 's1', note: 'a, b' },
      { id: 's2', note: 'line1\r\nline2' },
      { id: 's3', note: 'say "hi"' },
    ]);
    expect(t.problems).toEqual([]);
  });

  test('ragged rows are reported with their row number and left out', () => {
    const t = parseCsv('a,b\n1,2\n3\n4,5,6\n7,8\n');
    expect(t.records).toEqual([{ a: '1', b: '2' }, { a: '7', b: '8' }]);
    expect(t.rowNumbers).toEqual([0, 3]);
    expect(t.problems.map((p) => [p.row, p.reason])).toEqual([
      [1, 'ragged row: 1 fields, the header has 2'],
      [2, 'ragged row: 3 fields, the header has 2'],
    ]);
  });

  test('empty and header-only files give no records and no problems', () => {
    expect(parseCsv('')).toEqual({ header: [], records: [], rowNumbers: [], problems: [] });
    expect(parseCsv('a,b\r\n')).toEqual({ header: ['a', 'b'], records: [], rowNumbers: [], problems: [] });
  });

  test('Chinese headers are renamed by the columns option', () => {
    const t = parseCsv('用户ID,月租费\nS1,58\n', { columns: { 用户ID: 'subscriberId', 月租费: 'monthlyFee' } });
    expect(t.records).toEqual([{ subscriberId: 'S1', monthlyFee: '58' }]);
  });

  test('detects semicolon and tab delimiters', () => {
    expect(parseCsv('a;b\n1;2\n').records).toEqual([{ a: '1', b: '2' }]);
    expect(parseCsv('a\tb\n1\t2\n').records).toEqual([{ a: '1', b: '2' }]);
  });
});

describe('readCsv', () => {
  const text = [
    HEADER,
    'A,B,2024-05,3,12.5',
    'A,"C,1",2024-05,1,2',
    'X,Y',
    'A,B,2024-05,3,1',
    'Q,R,2024-13,4,5',
    'Q,R,2024-06,4,"1,000"',
    'Z,Z,2024-06,1,1',
  ].join('\r\n');

  test('yields validated batches with row numbers across the whole input', async () => {
    const batches = [];
    for await (const b of readCsv(bytes(text, 5), CallEdgeSchema, { batchSize: 2 })) batches.push(b);
    expect(batches.length).toBeGreaterThan(1);
    const all = await collectBatches(readCsv(bytes(text, 5), CallEdgeSchema, { batchSize: 2 }));
    expect(all.valid.map((e) => e.calleeId)).toEqual(['B', 'C,1', 'Z']);
    expect(all.errors.map((e) => [e.row, e.path.join('.')])).toEqual([
      [2, ''],
      [3, 'callerId.calleeId.month'],
      [4, 'month'],
      [5, 'minutes'],
    ]);
    expect(all.rowsRead).toBe(7);
    expect(all.valid.length + all.invalidRows.length).toBe(all.rowsRead);
  });

  test('the same result whatever the chunking (property)', async () => {
    const expected = await collectBatches(readCsv(text, CallEdgeSchema));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 5 }), async (size, batchSize) => {
        const got = await collectBatches(readCsv(bytes(text, size), CallEdgeSchema, { batchSize }));
        expect(got.valid).toEqual(expected.valid);
        expect(got.errors).toEqual(expected.errors);
      }),
      { numRuns: 60 },
    );
  });

  test('multi-byte characters split across chunks survive', async () => {
    const t = `${HEADER}\n用户甲,用户乙,2024-05,1,2\n`;
    const r = await collectBatches(readCsv(bytes(t, 1), CallEdgeSchema));
    expect(r.valid[0]!.callerId).toBe('用户甲');
  });

  test('reads a web ReadableStream', async () => {
    const stream = new ReadableStream<Uint8Array>({
      async start(c) {
        for await (const b of bytes(text, 9)) c.enqueue(b);
        c.close();
      },
    });
    const r = await collectBatches(readCsv(stream, CallEdgeSchema));
    expect(r.valid).toHaveLength(3);
  });

  test('empty and header-only inputs yield nothing', async () => {
    expect(await collectBatches(readCsv('', CallEdgeSchema))).toMatchObject({ valid: [], errors: [], rowsRead: 0 });
    expect(await collectBatches(readCsv(`${HEADER}\r\n`, CallEdgeSchema))).toMatchObject({ valid: [], errors: [], rowsRead: 0 });
  });

  test('strict mode throws a ValidationError naming the first problem', async () => {
    await expect(collectBatches(readCsv(text, CallEdgeSchema, { mode: 'strict' }))).rejects.toThrow(ValidationError);
    await expect(collectBatches(readCsv(text, CallEdgeSchema, { mode: 'strict' }))).rejects.toThrow(/row 2, record: ragged row/);
  });

  test('a missing required column is reported on every row, not dropped silently', async () => {
    const r = await collectBatches(readCsv('subscriberId,month\nS1,2024-01\n', UsageMonthSchema));
    expect(r.valid).toEqual([]);
    expect(r.errors.filter((e) => e.reason === 'required field is missing').map((e) => e.path[0])).toContain('dataMB');
  });
});

describe('readJsonLines', () => {
  test('validates each line, reports bad JSON with its row, skips blank lines', async () => {
    const text = [
      '{"callerId":"A","calleeId":"B","month":"2024-05","calls":3,"minutes":1.5}',
      '',
      '{"callerId":"A",',
      '{"callerId":"A","calleeId":"C","month":"2024-05","calls":-1,"minutes":1}',
      '{"callerId":"A","calleeId":"D","month":"2024-05","calls":1,"minutes":1}',
    ].join('\n');
    const r = await collectBatches(readJsonLines(bytes(text, 7), CallEdgeSchema, { batchSize: 2 }));
    expect(r.valid.map((e) => e.calleeId)).toEqual(['B', 'D']);
    expect(r.errors.map((e) => [e.row, e.path.join('.')])).toEqual([
      [1, ''],
      [2, 'calls'],
    ]);
    expect(r.errors[0]!.reason).toMatch(/^not valid JSON/);
  });
});

describe('CSV edge cases found in review', () => {
  test('a stray quote inside an unquoted field does not split a later quoted newline (streaming = whole)', async () => {
    const text = 'callerId,calleeId,month,calls,minutes\nA,5" screen,2024-05,1,2\nB,"x\ny",2024-05,1,2\nC,D,2024-05,1,2\n';
    const whole = parseCsv(text);
    expect(whole.records.map((r) => r.calleeId)).toEqual(['5" screen', 'x\ny', 'D']);
    const streamed = await collectBatches(readCsv(bytes(text, 3), CallEdgeSchema));
    expect(streamed.valid.map((e) => e.calleeId)).toEqual(['5" screen', 'x\ny', 'D']);
    expect(streamed.errors).toEqual([]);
  });

  test('a malformed quote makes its own row invalid (numbered right), never a silently merged valid row', async () => {
    const text = 'a,b\n1,"x"y\n2,z\n';
    const t = parseCsv(text);
    expect(t.records.some((r) => r.b !== undefined && r.b.includes('\n'))).toBe(false);
    expect(t.problems[0]!.row).toBe(0);
    expect(t.problems[0]!.reason).toMatch(/^malformed CSV/);
    const r = await collectBatches(readCsv(bytes('callerId,calleeId,month,calls,minutes\nA,"x"y,2024-05,1,2\nB,C,2024-05,1,2\n', 4), CallEdgeSchema));
    expect(r.valid.length + r.invalidRows.length).toBe(r.rowsRead);
    expect(r.invalidRows).toContain(0);
  });

  test('two headers naming one field is an error, not a silent overwrite', () => {
    expect(() => parseCsv('a,a\n1,2\n')).toThrow(/parseCsv: headers "a" and "a" both name the field 'a'/);
    expect(() => parseCsv('流量,上网流量\n1,2\n', { columns: { 流量: 'dataMB', 上网流量: 'dataMB' } })).toThrow(DataError);
  });

  test('fields named like Object.prototype members are unknown fields, not schema fields', () => {
    const r = validateRecords(CallEdgeSchema, [{ callerId: 'a', calleeId: 'b', month: '2024-01', calls: 1, minutes: 1, constructor: 'x' }], { unknownFields: 'error' });
    expect(r.errors.map((e) => e.path)).toEqual([['constructor']]);
  });
});
