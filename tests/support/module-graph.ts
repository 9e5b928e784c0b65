/** The source files reachable from src/index.ts through relative imports, with every bare import each one makes. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

export interface ModuleGraph {
  /** Absolute paths of the .ts files reached. */
  readonly files: ReadonlySet<string>;
  /** `file → specifier` for every import that is not relative. */
  readonly bareImports: readonly { readonly file: string; readonly spec: string }[];
}

/** Walks static and dynamic imports from `entry` (default: the root entry, src/index.ts). */
export function moduleGraph(entry = join(srcDir, 'index.ts')): ModuleGraph {
  const files = new Set<string>();
  const bareImports: { file: string; spec: string }[] = [];
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else bareImports.push({ file, spec });
    }
  }
  return { files, bareImports };
}
