/** examples/decision-api.ts serves the API on 127.0.0.1 over the synthetic operator and stops with --once. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

test('examples/decision-api.ts --once: serves, answers its own curl-equivalent requests, stops', () => {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/decision-api.ts', '--once'], {
    cwd: repo,
    env: { ...process.env, DECISION_SUBSCRIBERS: '500' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^decision API on http:\/\/127\.0\.0\.1:\d+ over \d+ subscribers/m);
  expect(r.stdout).toMatch(/^curl -H 'Authorization: Bearer [0-9a-f]{48}' 'http:\/\/127\.0\.0\.1:\d+\/query_users\?tags=/m);
  expect(r.stdout).toMatch(/^internal: 200 count \d+ \(exact\)/m);
  expect(r.stdout).toMatch(/^partner: {2}200 count \d+ \(ε = 0\.1, 1\.9 left\)/m);
  expect(r.stdout).toMatch(/^offers: {3}200 \["O\d+"/m);
  expect(r.stdout).toMatch(/^no key: {3}401 unauthorized/m);
}, 240_000);
