/** docs/scale.md's worked example (examples/scale.ts) runs end to end, at 600 subscribers. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

test('examples/scale.ts runs: Parquet → DuckDB features, scores, tags → SQL for the cluster engines', () => {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/scale.ts'], {
    cwd: repo,
    env: { ...process.env, SCALE_SUBSCRIBERS: '600' },
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/scored \d+ subscribers/);
  for (const d of ['clickhouse', 'spark', 'trino']) expect(r.stdout).toContain(`${d}: features SQL`);
}, 120_000);
