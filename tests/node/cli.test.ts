/**
 * The `telcokit` command, run as a process with tsx (src/node/cli/bin.ts) on the synthetic
 * operator's CSV exports: exit codes, output files and messages.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHINESE_HEADER_ALIASES, generateOperator, parseModel } from 'telcokit';
import { toCsv } from '../../src/node/cli/csv-write';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(repo, 'node_modules/.bin/tsx');
const bin = join(repo, 'src/node/cli/bin.ts');

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, ['--tsconfig', join(repo, 'tsconfig.json'), bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'telcokit-cli-'));
  const op = generateOperator({ subscribers: 1500, months: 4, seed: 3 });
  writeFileSync(join(dir, 'subscribers.csv'), toCsv(op.subscribers));
  // the usage export with Chinese headers where the dictionary has them
  const chinese = Object.fromEntries(Object.entries(CHINESE_HEADER_ALIASES).map(([zh, field]) => [field, zh]).reverse());
  const renamed = op.usage.map((u) => Object.fromEntries(Object.entries(u).map(([k, v]) => [chinese[k] ?? k, v])));
  writeFileSync(join(dir, 'usage.csv'), toCsv(renamed));
  // a usage file with bad rows: text in a number, a negative amount, a missing month
  const bad = op.usage.slice(0, 50).map((u) => ({ ...u }) as Record<string, unknown>);
  bad[3]!.dataMB = 'lots';
  bad[7]!.billedAmount = -5;
  bad[11]!.month = '';
  writeFileSync(join(dir, 'usage-bad.csv'), toCsv(bad));
  writeFileSync(join(dir, 'nothing.csv'), 'colour,shape\r\nred,round\r\n');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('telcokit validate', { timeout: 300_000 }, () => {
  test('validate usage.csv --schema usage: all rows valid, Chinese headers mapped and printed, exit 0', () => {
    const r = run(['validate', 'usage.csv', '--schema', 'usage']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/renamed: .*用户ID → subscriberId/);
    expect(r.stdout).toMatch(/usage\.csv: \d+ rows, (\d+) valid, 0 invalid \(schema usage\)/);
  });

  test('validate a file with bad rows: exit 1 with row, field and reason', () => {
    const r = run(['validate', 'usage-bad.csv', '--schema', 'usage']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('usage-bad.csv: 50 rows, 47 valid, 3 invalid (schema usage)');
    expect(r.stdout).toMatch(/row 3.*dataMB/);
    expect(r.stdout).toMatch(/row 7.*billedAmount/);
    expect(r.stdout).toMatch(/row 11.*month/);
  });

  test('validate --json prints one JSON object', () => {
    const r = run(['validate', 'usage-bad.csv', '--schema', 'usage', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { rows: number; valid: number; invalid: number; errors: { row: number; field: string }[] };
    expect([out.rows, out.valid, out.invalid]).toEqual([50, 47, 3]);
    expect(out.errors.map((e) => [e.row, e.field])).toEqual([[3, 'dataMB'], [7, 'billedAmount'], [11, 'month']]);
  });

  test('bad input exits 2 with a message: missing file, unknown schema, columns that map to nothing, unknown command', () => {
    const missing = run(['validate', 'no-such.csv', '--schema', 'usage']);
    expect([missing.code, missing.stderr]).toEqual([2, 'telcokit: cannot read no-such.csv: no such file\n']);
    const unknown = run(['validate', 'usage.csv', '--schema', 'usages']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown schema 'usages'; expected one of subscriber, usage, call-edge, interaction, offer, location-ping");
    const nothing = run(['validate', 'nothing.csv', '--schema', 'usage']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing.csv: none of its 2 columns (colour, shape) maps to a usage field');
    const cmd = run(['frobnicate']);
    expect([cmd.code, cmd.stderr]).toEqual([2, "telcokit: unknown command 'frobnicate'; try: telcokit help\n"]);
  });
});

describe('telcokit report', { timeout: 300_000 }, () => {
  test('report on the synthetic exports writes the report, watchlist, segments and models; no progress bar when stderr is not a terminal', () => {
    const r = run(['report', '--subscribers', 'subscribers.csv', '--usage', 'usage.csv', '--out', 'out', '--k', '4', '--seed', '1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage\.csv: \d+ columns mapped\n {2}renamed: .*月份 → month/);
    expect(r.stdout).toMatch(/subscribers\.csv: 23 columns mapped\n {2}1500 rows, 1500 valid\n/);
    for (const f of ['report.html', 'watchlist.csv', 'segments.csv', 'models.json']) expect(existsSync(join(dir, 'out', f))).toBe(true);
    const html = readFileSync(join(dir, 'out/report.html'), 'utf8');
    expect(html).not.toContain('<script');
    expect(html.match(/<svg /g)!.length).toBe(14);
    expect(readFileSync(join(dir, 'out/watchlist.csv'), 'utf8').split('\r\n')[0]).toBe('rank,id,probability,value,priority,reasons');
    const models = JSON.parse(readFileSync(join(dir, 'out/models.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(models)).toEqual(['pipeline', 'kmeans', 'churn']);
    expect(parseModel(JSON.stringify(models.churn)).kind).toBe('churn/gbdt');
  });

  test('report --json on too little usage prints the error as JSON and exits 2', () => {
    const r = run(['report', '--subscribers', 'subscribers.csv', '--usage', 'usage-bad.csv', '--out', 'out2', '--json']);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { error: string }).error).toMatch(/^operatorReport: only \d+ subscribers have usage in 2024-03; needs at least 50$/);
  });

  test('report into a directory it cannot write exits 2 before any work', () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits: fall back to a path under a regular file
      const r2 = run(['report', '--subscribers', 'subscribers.csv', '--usage', 'usage.csv', '--out', join(dir, 'subscribers.csv', 'x')]);
      expect(r2.code).toBe(2);
      expect(r2.stderr).toMatch(/^telcokit: cannot write to .*subscribers\.csv\/x: (ENOTDIR|EEXIST)\n$/);
    } else {
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      const r = run(['report', '--subscribers', 'subscribers.csv', '--usage', 'usage.csv', '--out', join(locked, 'sub')]);
      chmodSync(locked, 0o700);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot write to .*locked\/sub: EACCES/);
    }
  });

  test('report with a file whose columns map to nothing exits 2 naming it', () => {
    const r = run(['report', '--subscribers', 'nothing.csv', '--usage', 'usage.csv', '--out', 'out3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing.csv: none of its 2 columns');
  });
});

describe('telcokit demo and help', { timeout: 300_000 }, () => {
  test('demo --subscribers 1000 --out DIR --json writes the report and prints its path and summary', () => {
    const r = run(['demo', '--subscribers', '1000', '--out', 'demo-out', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { files: Record<string, string>; summary: Record<string, number> };
    expect(out.files.report).toBe(join(dir, 'demo-out', 'report.html'));
    expect(out.summary.subscribers).toBe(1000);
    expect(readFileSync(join(dir, 'demo-out/report.html'), 'utf8').startsWith('<!doctype html>')).toBe(true);
  });

  test('demo rejects a size without an upper bound', () => {
    const r = run(['demo', '--subscribers', '5000000']);
    expect([r.code, r.stderr]).toEqual([2, 'telcokit: --subscribers must be in [200, 1000000], got 5000000\n']);
  });

  test('help prints the usage; no command exits 2 with it', () => {
    expect(run(['help']).stdout).toContain('telcokit validate <file.csv> --schema');
    expect(run([]).code).toBe(2);
  });
});
