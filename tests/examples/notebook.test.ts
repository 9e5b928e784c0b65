/**
 * Runs the code cells of examples/notebook.ipynb in order under Deno (the `deno` npm package)
 * against the built package (dist/, through a node_modules/telcokit link), with
 * `Deno.jupyter.display` recorded, so the notebook cannot rot. Skips, saying why, when dist/ is
 * not built or the deno binary is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { expect, test } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const deno = join(repo, 'node_modules/.bin/deno');
const built = existsSync(join(repo, 'dist/index.js'));
const why = !existsSync(deno) ? ' — SKIPPED: node_modules/.bin/deno missing (npm ci installs it)' : !built ? ' — SKIPPED: dist/ not built (npm run build)' : '';
if (why) console.warn(`tests/examples/notebook.test.ts${why}`);

test.skipIf(why !== '')(`examples/notebook.ipynb runs cell by cell under Deno and displays valid Vega-Lite charts${why}`, () => {
  const nb = JSON.parse(readFileSync(join(repo, 'examples/notebook.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string[] }[] };
  const cells = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
  expect(cells.length).toBeGreaterThan(3);
  const dir = mkdtempSync(join(tmpdir(), 'telcokit-notebook-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{"private":true,"type":"module","dependencies":{"telcokit":"*"}}\n');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repo, join(dir, 'node_modules/telcokit'), 'dir');
    // Deno.jupyter exists only under the Jupyter kernel: record what the cells display instead
    const prelude = `const __shown: unknown[] = [];\nconst __jupyter = { display: (x: unknown, _o?: unknown) => { __shown.push(x); } };\n`;
    const body = cells.map((c, i) => `// --- cell ${i + 1}\n${c.replace(/Deno\.jupyter\.display\(/g, '__jupyter.display(')}`).join('\n');
    const epilogue = `\nconsole.log('__SHOWN__' + JSON.stringify(__shown));\n`;
    const imports = body.match(/^import[\s\S]*?from '[^']+';\n/gm) ?? [];
    const rest = imports.reduce((b, imp) => b.replace(imp, ''), body);
    writeFileSync(join(dir, 'notebook.ts'), `${imports.join('')}${prelude}${rest}${epilogue}`);
    const r = spawnSync(deno, ['run', '--allow-read', '--allow-env', '--quiet', 'notebook.ts'], { cwd: dir, encoding: 'utf8', timeout: 300_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('__SHOWN__'))!;
    const shown = JSON.parse(line.slice('__SHOWN__'.length)) as Record<string, unknown>[];
    expect(shown).toHaveLength(6);
    const schema = JSON.parse(readFileSync(join(repo, 'node_modules/vega-lite/build/vega-lite-schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, validateFormats: false, logger: false }).compile(schema);
    for (const bundle of shown) expect(validate(bundle['application/vnd.vegalite.v5+json'])).toBe(true);
    expect(r.stdout).toMatch(/held-out ROC-AUC 0\.\d{3}/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);
