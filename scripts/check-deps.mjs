#!/usr/bin/env node
// Runtime dependencies are exactly what dist/ imports: every bare import in the built files must be
// a dependency or peer dependency, every dependency must be imported by some built file, and
// built-ins keep their `node:` prefix.
// Run after `npm run build`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
const runtime = new Set(Object.keys(pkg.dependencies ?? {}));
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function* files(dir) {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(c?js|mjs)$/.test(f)) yield p;
  }
}
/** The package name of a bare specifier: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]);

const imported = new Map();
const problems = [];
const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w.-]+)*)["']/gm;
for (const f of files(join(root, 'dist'))) {
  for (const m of readFileSync(f, 'utf8').matchAll(re)) {
    const spec = m[1];
    if (builtins.has(spec) || builtins.has(spec.split('/')[0])) {
      // Deno and bundlers resolve built-ins by their `node:` prefix: tsup must not strip it
      if (!spec.startsWith('node:')) problems.push(`dist imports the built-in '${spec}' without its node: prefix (${f.slice(root.length + 1)})`);
      continue;
    }
    const name = packageOf(spec);
    if (!imported.has(name)) imported.set(name, f.slice(root.length + 1));
  }
}
for (const [name, where] of imported) if (!declared.has(name)) problems.push(`dist imports '${name}' (${where}) but package.json does not declare it as a dependency or peer dependency`);
for (const name of runtime) if (!imported.has(name)) problems.push(`'${name}' is a runtime dependency but nothing in dist/ imports it: make it a devDependency`);
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`dependencies: ok (${[...imported.keys()].sort().join(', ')})`);
