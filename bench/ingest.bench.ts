/**
 * Ingestion: parse + validate UsageMonth CSV rows, against parsing alone (the floor), each in its
 * own child process so peak RSS is per measurement. Then streaming files of two sizes, both many
 * times the batch size, to show that peak memory stays flat.
 *
 *   npm run bench -- ingest            (BENCH_SCALE=0.1 for a quick run; INGEST_1GB=1 adds a 1 GB file)
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { UsageMonthSchema } from '../src/schema/index.js';
import { readCsvFile } from '../src/node/index.js';
import { createRng } from '../src/internal/rng.js';
import { setFastValidation } from '../src/schema/fast-validate.js';
import { fmt, scaled, summary } from './util.js';

const HEADER =
  'subscriberId,month,localVoiceMinutes,longDistanceVoiceMinutes,roamingVoiceMinutes,callsOut,callsIn,distinctContacts,smsCount,dataMB,nightDataMB,vasCount,monthlyFee,billedAmount,topUpCount,topUpAmount,complaints,serviceCalls';

function writeCsv(path: string, rows: number): void {
  const rng = createRng(1);
  const lines: string[] = [HEADER];
  let out = '';
  const flush = () => {
    out += `${lines.join('\n')}\n`;
    lines.length = 0;
  };
  writeFileSync(path, '');
  for (let i = 0; i < rows; i++) {
    const data = Math.round(Math.exp(7 + 1.5 * rng.normal()) * 10) / 10;
    const fee = [18, 38, 58, 88, 128][rng.int(5)]!;
    lines.push(
      `S${String(Math.floor(i / 6)).padStart(8, '0')},2024-0${(i % 6) + 1},${(rng.next() * 400).toFixed(1)},${(rng.next() * 60).toFixed(1)},${(rng.next() * 5).toFixed(1)},${rng.int(200)},${rng.int(200)},${rng.int(80)},${rng.int(50)},${data},${(data * rng.next() * 0.5).toFixed(1)},${rng.int(4)},${fee},${(fee + rng.next() * 40).toFixed(2)},${rng.int(3)},${rng.int(200)},${rng.int(2)},${rng.int(3)}`,
    );
    if (lines.length >= 50_000) {
      flush();
      writeFileSync(path, out, { flag: 'a' });
      out = '';
    }
  }
  flush();
  writeFileSync(path, out, { flag: 'a' });
}

async function parseOnly(path: string): Promise<number> {
  // the floor: read the file and let papaparse split every complete chunk, building nothing else
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

async function parseValidate(path: string, key: boolean): Promise<number> {
  let rows = 0;
  for await (const b of readCsvFile(path, UsageMonthSchema, { batchSize: 10_000, ...(key ? {} : { key: false }) })) rows += b.valid.length + b.invalidRows.length;
  return rows;
}

const [mode, path] = process.argv.slice(2);
if (mode === 'child') {
  const which = process.argv[4]!;
  const t0 = performance.now();
  // 'zod': every row through zod, as before the specialised validator (the same-run "before")
  if (which === 'zod') setFastValidation(false);
  const rows = which === 'parse' ? await parseOnly(path!) : await parseValidate(path!, which !== 'nokey');
  const s = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ rows, seconds: s, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
} else {
  const dir = fileURLToPath(new URL('./data/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const run = (file: string, which: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'child', file, which], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: number; seconds: number; peakRssMB: number };
  };
  const n = scaled(1_000_000);
  const big = `${dir}usage-${n}.csv`;
  if (!existsSync(big)) writeCsv(big, n);
  const mb = statSync(big).size / 2 ** 20;
  const floor = run(big, 'parse');
  const full = run(big, 'validate');
  const zodOnly = run(big, 'zod');
  console.log(`UsageMonth CSV, ${fmt(n)} rows (${fmt(mb)} MB), one thread:`);
  console.log(`  parse only (papaparse, the floor): ${fmt(floor.rows / floor.seconds)} rows/s, peak RSS ${fmt(floor.peakRssMB)} MB`);
  console.log(`  parse + validate, zod for every row (before): ${fmt(zodOnly.rows / zodOnly.seconds)} rows/s, peak RSS ${fmt(zodOnly.peakRssMB)} MB`);
  console.log(`  parse + validate (readCsvFile, specialised validator): ${fmt(full.rows / full.seconds)} rows/s, peak RSS ${fmt(full.peakRssMB)} MB`);
  console.log(`  ratio parse+validate / parse-only time: ${fmt(full.seconds / floor.seconds)}× (zod for every row: ${fmt(zodOnly.seconds / floor.seconds)}×)`);
  console.log(`  speed-up of the specialised validator: ${fmt(zodOnly.seconds / full.seconds)}×`);
  summary({ kernel: 'CSV parse + validate', scale: `${fmt(n)} usage rows`, telcokit: `${fmt(full.rows / full.seconds)} rows/s`, reference: `papaparse alone: ${fmt(floor.rows / floor.seconds)} rows/s`, ratio: full.seconds / floor.seconds, target: '≤ 2×', met: full.seconds / floor.seconds <= 2 });
  const small = `${dir}usage-${Math.round(n / 10)}.csv`;
  if (!existsSync(small)) writeCsv(small, Math.round(n / 10));
  const s = run(small, 'validate');
  console.log(`  memory with duplicate-key detection (batch 10,000): ${fmt(s.rows)} rows → peak RSS ${fmt(s.peakRssMB)} MB; ${fmt(full.rows)} rows → ${fmt(full.peakRssMB)} MB`);
  const s2 = run(small, 'nokey');
  const f2 = run(big, 'nokey');
  console.log(`  flat memory, key: false (batch 10,000): ${fmt(s2.rows)} rows → peak RSS ${fmt(s2.peakRssMB)} MB; ${fmt(f2.rows)} rows → ${fmt(f2.peakRssMB)} MB`);
  if (process.env.INGEST_QUICK === '1') process.exit(0);
  if (process.env.INGEST_1GB === '1') {
    // the 1 GB file: about 14 M rows
    const huge = `${dir}usage-1gb.csv`;
    if (!existsSync(huge)) writeCsv(huge, 14_000_000);
    const h = run(huge, 'nokey');
    console.log(`  1 GB file (${fmt(statSync(huge).size / 2 ** 30)} GiB, ${fmt(h.rows)} rows, key: false): ${fmt(h.rows / h.seconds)} rows/s, peak RSS ${fmt(h.peakRssMB)} MB`);
  }
}
