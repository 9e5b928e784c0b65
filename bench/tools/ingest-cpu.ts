/**
 * CPU time (process.cpuUsage, user + system) of parse + validate (`readCsvFile(UsageMonthSchema)`)
 * against papaparse splitting the same file, alternated in one process so both sides see the same
 * load; prints each pair and the median ratio. For a loaded machine, where wall-clock ratios of
 * separate child processes (bench/ingest.bench.ts) swing by ±30 %.
 *
 *   flock /tmp/bench.lock npx tsx bench/tools/ingest-cpu.ts bench/data/usage-100000.csv [pairs]
 *
 * (bench/data/usage-100000.csv is written by `BENCH_SCALE=0.1 npx tsx bench/ingest.bench.ts`.)
 */
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { UsageMonthSchema } from '../../src/schema/index.js';
import { readCsvFile } from '../../src/node/index.js';

const path = process.argv[2] ?? 'bench/data/usage-100000.csv';
const pairs = Number(process.argv[3] ?? 7);

async function papa(): Promise<number> {
  let rows = 0;
  let pending = '';
  const decoder = new TextDecoder();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const text = pending + decoder.decode(chunk as Buffer, { stream: true });
    const end = text.lastIndexOf('\n') + 1;
    pending = text.slice(end);
    rows += Papa.parse<string[]>(text.slice(0, end), { skipEmptyLines: true, delimiter: ',' }).data.length;
  }
  return rows - 1;
}

async function telcokit(): Promise<number> {
  let rows = 0;
  for await (const b of readCsvFile(path, UsageMonthSchema, { batchSize: 10_000 })) rows += b.valid.length + b.invalidRows.length;
  return rows;
}

async function cpu(fn: () => Promise<number>): Promise<{ rows: number; s: number }> {
  const c0 = process.cpuUsage();
  const rows = await fn();
  const c = process.cpuUsage(c0);
  return { rows, s: (c.user + c.system) / 1e6 };
}

// one warm-up of each
await papa();
await telcokit();
const ratios: number[] = [];
for (let k = 0; k < pairs; k++) {
  const a = await cpu(papa);
  const b = await cpu(telcokit);
  ratios.push(b.s / a.s);
  console.log(`pair ${k + 1}: papaparse ${a.s.toFixed(3)} s CPU (${a.rows} rows), readCsvFile ${b.s.toFixed(3)} s CPU (${b.rows} rows), ratio ${(b.s / a.s).toFixed(2)}×`);
}
ratios.sort((x, y) => x - y);
console.log(`median CPU ratio readCsvFile / papaparse over ${pairs} pairs: ${ratios[pairs >> 1]!.toFixed(2)}× (min ${ratios[0]!.toFixed(2)}×, max ${ratios[pairs - 1]!.toFixed(2)}×)`);
