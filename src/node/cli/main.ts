/**
 * The `telcokit` command: `demo`, `validate` and `report` (see `telcokit help`). Node only.
 * Exit codes: 0 done, 1 invalid rows found by `validate`, 2 a usage or input problem (unknown
 * command or schema, missing file, unwritable directory, columns that map to nothing), 130 aborted.
 */
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, open, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type * as z from 'zod';
import { collectBatches } from '../../data/csv.js';
import { generateOperator } from '../../data/generate-operator.js';
import { AbortError, isTelcoError } from '../../errors.js';
import type { Progress } from '../../internal/model.js';
import { encodeJSON } from '../../internal/codec.js';
import { buildReport } from '../../report/build-report.js';
import { operatorReport, type OperatorData, type OperatorReport } from '../../report/operator-report.js';
import { CallEdgeSchema } from '../../schema/call-edge.js';
import { suggestColumnMapping, type ColumnMapping } from '../../schema/columns.js';
import { InteractionSchema } from '../../schema/interaction.js';
import { LocationPingSchema } from '../../schema/location-ping.js';
import { OfferSchema } from '../../schema/offer.js';
import { SubscriberSchema } from '../../schema/subscriber.js';
import { UsageMonthSchema } from '../../schema/usage-month.js';
import { formatIssue } from '../../schema/validate.js';
import { parseCsv } from '../../data/csv.js';
import { readCsvFile } from '../index.js';
import { toCsv } from './csv-write.js';

/** Schema names `--schema` accepts. */
export const CLI_SCHEMAS: Readonly<Record<string, z.ZodObject>> = {
  subscriber: SubscriberSchema as unknown as z.ZodObject,
  usage: UsageMonthSchema as unknown as z.ZodObject,
  'call-edge': CallEdgeSchema as unknown as z.ZodObject,
  interaction: InteractionSchema as unknown as z.ZodObject,
  offer: OfferSchema as unknown as z.ZodObject,
  'location-ping': LocationPingSchema as unknown as z.ZodObject,
};

const MAX_DEMO_SUBSCRIBERS = 1_000_000;

const HELP = `telcokit — precision-marketing toolkit for telecom operators

Usage:
  telcokit demo [--subscribers N] [--out DIR] [--seed S] [--json]
      Generate a synthetic operator (default 5000 subscribers × 6 months) and write the report.
  telcokit validate <file.csv> --schema ${Object.keys(CLI_SCHEMAS).join('|')} [--json]
      Validate a CSV export: counts and the first errors (row, field, reason). Exit 1 when rows are invalid.
  telcokit report --subscribers s.csv --usage u.csv [--call-edges c.csv] [--interactions i.csv]
                  [--offers o.csv] [--as-of YYYY-MM] [--k K] [--seed S] --out DIR [--json]
      The demo's analysis on your own exports (Chinese headers are mapped; the mapping is printed):
      writes report.html, watchlist.csv, segments.csv and models.json to DIR.
  telcokit help

Progress goes to stderr when it is a terminal; --json prints one JSON object on stdout.
Ctrl-C stops at the next step. Exit codes: 0 done, 1 invalid rows (validate), 2 bad input, 130 aborted.
`;

/** A problem with the command line or its inputs: printed, exit code 2. */
class UsageProblem extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

/** A one-line progress display on stderr, only on a terminal (seven coarse stages need no library). */
function progressBar(io: Io, enabled: boolean, label: string): { update: (p: Progress) => void; done: () => void } {
  if (!enabled) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update: (p) => {
      const width = 24;
      const filled = Math.round((width * p.done) / p.total);
      io.err(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total} ${p.stage.padEnd(12)}`);
      shown = true;
    },
    done: () => {
      if (shown) io.err('\n');
    },
  };
}

async function headerOf(path: string): Promise<string[]> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageProblem(code === 'ENOENT' ? `cannot read ${path}: no such file` : `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let text = buf.subarray(0, bytesRead).toString('utf8');
    const nl = text.search(/\r?\n/);
    if (nl < 0 && bytesRead === buf.length) throw new UsageProblem(`${path}: no line end in the first 64 KiB; is it a CSV file?`);
    text = nl < 0 ? text : text.slice(0, nl);
    const header = parseCsv(`${text}\n`).header.map((h) => h.trim());
    if (header.length === 0 || (header.length === 1 && header[0] === '')) throw new UsageProblem(`${path}: empty file (no header line)`);
    return header;
  } finally {
    await fh.close();
  }
}

/** Maps the file's headers onto the schema; columns that map to nothing are a UsageProblem. */
async function mappingFor(path: string, schemaName: string): Promise<ColumnMapping> {
  const schema = CLI_SCHEMAS[schemaName]!;
  const header = await headerOf(path);
  const m = suggestColumnMapping(header, schema);
  // dotted headers (`device.brand`) are nested fields: keep them when their parent is a schema field
  for (const h of [...m.unmapped]) {
    const parent = h.split('.')[0]!;
    if (h.includes('.') && Object.hasOwn(schema.shape, parent)) {
      m.mapping[h] = h;
      m.unmapped.splice(m.unmapped.indexOf(h), 1);
    }
  }
  if (Object.keys(m.mapping).length === 0) {
    throw new UsageProblem(`${path}: none of its ${header.length} columns (${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''}) maps to a ${schemaName} field; expected e.g. ${Object.keys(schema.shape).slice(0, 5).join(', ')}`);
  }
  return m;
}

function describeMapping(path: string, m: ColumnMapping): string {
  const renamed = Object.entries(m.mapping).filter(([h, f]) => h !== f);
  const lines = [`${path}: ${Object.keys(m.mapping).length} columns mapped`];
  if (renamed.length) lines.push(`  renamed: ${renamed.map(([h, f]) => `${h} → ${f}`).join(', ')}`);
  if (m.unmapped.length) lines.push(`  ignored (no matching field): ${m.unmapped.join(', ')}`);
  if (m.missingRequired.length) lines.push(`  missing required fields: ${m.missingRequired.join(', ')}`);
  return lines.join('\n');
}

interface FileResult<T> {
  valid: T[];
  rowsRead: number;
  invalidRows: number;
  errors: { row: number; field: string; reason: string }[];
  mapping: ColumnMapping;
}

async function readValidated<T>(path: string, schemaName: string, signal: AbortSignal): Promise<FileResult<T>> {
  const mapping = await mappingFor(path, schemaName);
  const all = await collectBatches(readCsvFile(path, CLI_SCHEMAS[schemaName]!, { columns: mapping.mapping }));
  if (signal.aborted) throw new AbortError('telcokit');
  return {
    valid: all.valid as T[],
    rowsRead: all.rowsRead,
    invalidRows: all.invalidRows.length,
    errors: all.errors.map((e) => ({ row: e.row, field: e.path.join('.'), reason: formatIssue(e) })),
    mapping,
  };
}

async function writableDir(dir: string): Promise<string> {
  const abs = resolve(dir);
  try {
    await mkdir(abs, { recursive: true });
    await access(abs, fsConstants.W_OK);
  } catch (e) {
    throw new UsageProblem(`cannot write to ${abs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return abs;
}

async function writeOutputs(dir: string, r: OperatorReport, title: string, subtitle: string): Promise<Record<string, string>> {
  const html = await buildReport(r.sections, { title, subtitle });
  const files = {
    report: join(dir, 'report.html'),
    watchlist: join(dir, 'watchlist.csv'),
    segments: join(dir, 'segments.csv'),
    models: join(dir, 'models.json'),
  };
  await writeFile(files.report, html);
  await writeFile(files.watchlist, toCsv(r.watchlist.map((w, i) => ({ rank: i + 1, id: w.id, probability: w.probability, value: w.value, priority: w.priority, reasons: w.reasons }))));
  await writeFile(files.segments, toCsv(r.segments.map((s) => ({ id: s.id, segment: s.segment, label: s.label }))));
  const models = Object.entries(r.models).map(([k, m]) => `  ${JSON.stringify(k)}: ${encodeJSON(m)}`);
  await writeFile(files.models, `{\n${models.join(',\n')}\n}\n`);
  return files;
}

function intOption(v: string | undefined, name: string, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  if (!/^\d+$/.test(v)) throw new UsageProblem(`--${name} must be an integer, got '${v}'`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageProblem(`--${name} must be in [${min}, ${max}], got ${n}`);
  return n;
}

async function cmdValidate(args: string[], io: Io, json: boolean, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { schema: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageProblem('validate: expected one file: telcokit validate <file.csv> --schema NAME');
  const name = values.schema;
  if (name === undefined) throw new UsageProblem(`validate: --schema is required (${Object.keys(CLI_SCHEMAS).join(', ')})`);
  if (!Object.hasOwn(CLI_SCHEMAS, name)) throw new UsageProblem(`validate: unknown schema '${name}'; expected one of ${Object.keys(CLI_SCHEMAS).join(', ')}`);
  const file = positionals[0]!;
  const r = await readValidated(file, name, signal);
  const valid = r.valid.length;
  if (json) {
    io.out(`${JSON.stringify({ file, schema: name, rows: r.rowsRead, valid, invalid: r.invalidRows, mapping: r.mapping, errors: r.errors.slice(0, 100) })}\n`);
  } else {
    io.out(`${describeMapping(file, r.mapping)}\n`);
    io.out(`${file}: ${r.rowsRead} rows, ${valid} valid, ${r.invalidRows} invalid (schema ${name})\n`);
    for (const e of r.errors.slice(0, 20)) io.out(`  ${e.reason}\n`);
    if (r.errors.length > 20) io.out(`  … and ${r.errors.length - 20} more problems\n`);
  }
  return r.invalidRows > 0 ? 1 : 0;
}

async function runAnalysis(data: OperatorData, opts: { asOf?: string; k?: number; seed: number }, io: Io, json: boolean, signal: AbortSignal): Promise<OperatorReport> {
  const bar = progressBar(io, io.isTTY && !json, 'analysis');
  try {
    return await operatorReport(data, { ...opts, signal, onProgress: bar.update });
  } finally {
    bar.done();
  }
}

async function cmdDemo(args: string[], io: Io, json: boolean, signal: AbortSignal): Promise<number> {
  const { values } = parseArgs({ args, options: { subscribers: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  const n = intOption(values.subscribers, 'subscribers', 5000, 200, MAX_DEMO_SUBSCRIBERS);
  const seed = intOption(values.seed, 'seed', 7, 0, 2 ** 32 - 1);
  const dir = await writableDir(values.out ?? 'out');
  if (!json) io.err(`generating a synthetic operator: ${n} subscribers × 6 months (seed ${seed})\n`);
  const op = generateOperator({ subscribers: n, months: 6, seed });
  const r = await runAnalysis(op, { seed, k: 8 }, io, json, signal);
  const files = await writeOutputs(dir, r, 'telcokit demo: a synthetic operator', `${n.toLocaleString('en-US')} synthetic subscribers × 6 months (seed ${seed}); features as of ${r.asOf}`);
  if (json) io.out(`${JSON.stringify({ files, summary: r.summary })}\n`);
  else io.out(`report: ${files.report}\nwatchlist: ${files.watchlist}\nsegments: ${files.segments}\nmodels: ${files.models}\n`);
  return 0;
}

async function cmdReport(args: string[], io: Io, json: boolean, signal: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      subscribers: { type: 'string' },
      usage: { type: 'string' },
      'call-edges': { type: 'string' },
      interactions: { type: 'string' },
      offers: { type: 'string' },
      'as-of': { type: 'string' },
      k: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  if (!values.subscribers || !values.usage) throw new UsageProblem('report: --subscribers and --usage are required');
  if (!values.out) throw new UsageProblem('report: --out DIR is required');
  const asOf = values['as-of'];
  if (asOf !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(asOf)) throw new UsageProblem(`report: --as-of must be a month YYYY-MM, got '${asOf}'`);
  const k = intOption(values.k, 'k', 6, 2, 20);
  const seed = intOption(values.seed, 'seed', 0, 0, 2 ** 32 - 1);
  const dir = await writableDir(values.out);
  const inputs: [keyof OperatorData, string | undefined, string][] = [
    ['subscribers', values.subscribers, 'subscriber'],
    ['usage', values.usage, 'usage'],
    ['callEdges', values['call-edges'], 'call-edge'],
    ['interactions', values.interactions, 'interaction'],
    ['offers', values.offers, 'offer'],
  ];
  const data: Record<string, unknown[]> = {};
  const read: Record<string, { file: string; rows: number; valid: number; invalid: number; mapping: Record<string, string>; firstErrors: string[] }> = {};
  for (const [key, file, schema] of inputs) {
    if (file === undefined) continue;
    const r = await readValidated(file, schema, signal);
    if (r.mapping.missingRequired.length > 0) {
      throw new UsageProblem(`${file}: no column for the required ${schema} field(s) ${r.mapping.missingRequired.join(', ')}`);
    }
    data[key] = r.valid;
    read[key] = { file, rows: r.rowsRead, valid: r.valid.length, invalid: r.invalidRows, mapping: r.mapping.mapping, firstErrors: r.errors.slice(0, 5).map((e) => e.reason) };
    if (!json) {
      io.out(`${describeMapping(file, r.mapping)}\n`);
      io.out(`  ${r.rowsRead} rows, ${r.valid.length} valid${r.invalidRows ? `, ${r.invalidRows} invalid and left out (first: ${r.errors[0]!.reason})` : ''}\n`);
    }
  }
  const r = await runAnalysis(data as unknown as OperatorData, { ...(asOf ? { asOf } : {}), k, seed }, io, json, signal);
  const files = await writeOutputs(dir, r, 'telcokit report', `${values.subscribers} and ${values.usage}; features as of ${r.asOf}`);
  if (json) io.out(`${JSON.stringify({ inputs: read, files, summary: r.summary })}\n`);
  else io.out(`report: ${files.report}\nwatchlist: ${files.watchlist}\nsegments: ${files.segments}\nmodels: ${files.models}\n`);
  return 0;
}

/**
 * Runs the command line `argv` (without `node` and the script) and resolves to the exit code.
 * Output goes through `io` so tests can capture it; `signal` aborts long work.
 */
export async function runCli(argv: readonly string[], io: Io, signal: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  try {
    switch (command) {
      case 'demo':
        return await cmdDemo(rest, io, json, signal);
      case 'validate':
        return await cmdValidate(rest, io, json, signal);
      case 'report':
        return await cmdReport(rest, io, json, signal);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageProblem(`unknown command '${command}'; try: telcokit help`);
    }
  } catch (e) {
    if (e instanceof AbortError || signal.aborted) {
      io.err('telcokit: aborted\n');
      return 130;
    }
    const message = e instanceof UsageProblem || isTelcoError(e) ? e.message : (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (e as Error).message : undefined;
    if (message === undefined) throw e;
    if (json) io.out(`${JSON.stringify({ error: message })}\n`);
    io.err(`telcokit: ${message}\n`);
    return 2;
  }
}
