#!/usr/bin/env node
// Strict consumer type check: every ```ts block of README.md and docs/*.md is compiled, against
// the BUILT package (dist/ through package.json "exports"), by a consumer project with the
// strictest settings (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess) under three
// resolutions: bundler, node16 ESM and node16 CJS. Run after `npm run build`.
// A block's import lines stay at the top of its module; the rest runs inside an async function,
// so blocks may use `await` and declare what they like. A block preceded by the line
// `<!-- no-typecheck -->` is skipped (for shell-like fragments), and the skip is printed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const blocks = [];
for (const src of sources) {
  const lines = readFileSync(join(root, src), 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const skip = i > 0 && lines[i - 1].trim() === '<!-- no-typecheck -->';
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end].startsWith('```')) end++;
    if (skip) console.log(`skipped ${src}:${start}`);
    else blocks.push({ src, line: start, code: lines.slice(start, end) });
    i = end;
  }
}

/** Splits a block into its import statements (possibly multi-line) and the rest. */
function toModule({ code }) {
  const imports = [];
  const body = [];
  for (let i = 0; i < code.length; i++) {
    if (/^import\s/.test(code[i])) {
      let j = i;
      while (!/from\s+['"][^'"]+['"];?\s*$/.test(code[j]) && !/^import\s+['"]/.test(code[j]) && j < code.length - 1) j++;
      imports.push(...code.slice(i, j + 1));
      i = j;
    } else body.push(code[i]);
  }
  return `${imports.join('\n')}\nexport async function main(): Promise<void> {\n${body.join('\n')}\n}\n`;
}

const modes = [
  { name: 'bundler', type: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } },
  { name: 'node16 ESM', type: 'module', compilerOptions: { module: 'node16', moduleResolution: 'node16' } },
  { name: 'node16 CJS', type: 'commonjs', compilerOptions: { module: 'node16', moduleResolution: 'node16' } },
];
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let failed = false;
const dir = mkdtempSync(join(tmpdir(), 'telcokit-types-'));
try {
  for (const mode of modes) {
    const app = join(dir, mode.name.replace(/\W+/g, '-'));
    mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
    symlinkSync(root, join(app, 'node_modules', 'telcokit'), 'dir');
    symlinkSync(join(root, 'node_modules', 'zod'), join(app, 'node_modules', 'zod'), 'dir');
    symlinkSync(join(root, 'node_modules', '@types', 'node'), join(app, 'node_modules', '@types', 'node'), 'dir');
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: mode.type }));
    const files = blocks.map((b, i) => {
      const f = `block${i}.ts`;
      writeFileSync(join(app, f), `// ${b.src}:${b.line}\n${toModule(b)}`);
      return f;
    });
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        ...mode.compilerOptions, target: 'es2022', strict: true, exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true, noEmit: true, skipLibCheck: false, types: ['node'],
        lib: ['es2022', 'dom'], noUnusedLocals: false,
      },
      files,
    }));
    try {
      execFileSync(process.execPath, [tsc, '-p', app], { stdio: 'pipe' });
      console.log(`types (${mode.name}): ${blocks.length} blocks ok`);
    } catch (e) {
      failed = true;
      const out = String(e.stdout).replace(/block(\d+)\.ts\((\d+),(\d+)\)/g, (_, n, l, c) => `${blocks[+n].src}:${blocks[+n].line + Math.max(0, +l - 3)} (block${n}.ts ${l},${c})`);
      console.error(`types (${mode.name}): FAILED\n${out}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exit(1);
