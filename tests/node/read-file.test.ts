import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { CallEdgeSchema, collectBatches } from 'telcokit';
import { readCsvFile, readJsonLinesFile } from 'telcokit/node';

const dir = mkdtempSync(join(tmpdir(), 'telcokit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('telcokit/node', () => {
  test('readCsvFile streams a file in batches with small reads', async () => {
    const lines = ['\uFEFFcallerId,calleeId,month,calls,minutes'];
    for (let i = 0; i < 2500; i++) lines.push(`S${i},S${i + 1},2024-05,${i % 7},${(i % 13) * 1.5}`);
    lines.push('bad,row');
    const path = join(dir, 'edges.csv');
    writeFileSync(path, lines.join('\r\n'));
    let batches = 0;
    for await (const b of readCsvFile(path, CallEdgeSchema, { batchSize: 1000, highWaterMark: 4096 })) {
      batches++;
      expect(b.valid.length).toBeLessThanOrEqual(1000);
    }
    expect(batches).toBe(3);
    const all = await collectBatches(readCsvFile(path, CallEdgeSchema, { highWaterMark: 1000 }));
    expect(all.valid).toHaveLength(2500);
    expect(all.valid[2499]).toEqual({ callerId: 'S2499', calleeId: 'S2500', month: '2024-05', calls: 2499 % 7, minutes: (2499 % 13) * 1.5 });
    expect(all.invalidRows).toEqual([2500]);
  });

  test('readJsonLinesFile', async () => {
    const path = join(dir, 'edges.jsonl');
    writeFileSync(path, '{"callerId":"A","calleeId":"B","month":"2024-01","calls":1,"minutes":2}\n');
    const all = await collectBatches(readJsonLinesFile(path, CallEdgeSchema));
    expect(all.valid).toHaveLength(1);
  });

  test('a missing file rejects with the file system error', async () => {
    await expect(collectBatches(readCsvFile(join(dir, 'nope.csv'), CallEdgeSchema))).rejects.toThrow(/ENOENT/);
  });
});
