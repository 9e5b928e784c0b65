/**
 * Runs the `@example` blocks of every exported symbol in src/ (STYLE.md: "Examples are executed
 * by a test that extracts them, so they cannot rot").
 *
 * For each block whose free identifiers are all telcokit exports or JS globals, the block is
 * written to a temporary .ts module that imports `* as telcokit` from src/index.ts, every
 * `expr // => expected` line (or `expr` followed by a `// => expected` line) becomes
 * `__check(expr, n)`, and the module is imported. The test then asserts that each recorded
 * value deep-equals (`toEqual`) its `expected`, which is parsed with the safe literal parser in
 * ./literal.ts, never evaluated. Blocks that use undeclared names (`stream`, `readFile`, …) are
 * skipped and listed in one console line.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, test } from 'vitest';
import * as telcokit from 'telcokit';
import { parseLiteral } from './literal';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const srcDir = join(repo, 'src');
const indexPath = join(srcDir, 'index.ts');

/**
 * Examples whose code (not comment) is believed wrong: the test is skipped with this note.
 * Key: `<symbol> (<file>)`.
 */
const KNOWN_DEFECTS: Record<string, string> = {};

interface Check {
  /** 1-based line in the source file of the `// =>` comment. */
  line: number;
  expr: string;
  expected: unknown;
}

interface Block {
  symbol: string;
  file: string; // relative to repo
  /** 1-based source line of the first example line. */
  line: number;
  code: string;
  checks: Check[];
  /** Module text, or null when the block is skipped. */
  module: string | null;
  skipReason?: string;
}

const exportNames = new Set(Object.keys(telcokit));

function listSources(): string[] {
  return (readdirSync(srcDir, { recursive: true }) as string[])
    .map((p) => p.split('\\').join('/'))
    .filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))
    .filter((p) => !p.startsWith('node/') && !p.startsWith('internal/'))
    .sort();
}

/**
 * Doc comments directly followed by an `export` declaration, with their `@example` text (a doc
 * comment on a non-exported function is never merged into the next exported one).
 */
function extractExamples(file: string): { symbol: string; line: number; lines: string[] }[] {
  const text = readFileSync(join(srcDir, file), 'utf8');
  const out: { symbol: string; line: number; lines: string[] }[] = [];
  const re = /\/\*\*((?:(?!\*\/|\/\*\*)[\s\S])*)\*\/\s*export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[1]!;
    const bodyStartLine = text.slice(0, m.index).split('\n').length; // line of `/**`
    const rawLines = body.split('\n');
    let inExample = false;
    let current: { symbol: string; line: number; lines: string[] } | null = null;
    rawLines.forEach((raw, k) => {
      const stripped = raw.replace(/^\s*\* ?/, '');
      if (/^\s*@example\b/.test(stripped)) {
        inExample = true;
        current = { symbol: m![2]!, line: bodyStartLine + k + 1, lines: [] };
        out.push(current);
        const rest = stripped.replace(/^\s*@example\b\s*/, '');
        if (rest) current.lines.push(rest);
        return;
      }
      if (/^\s*@\w+/.test(stripped)) {
        inExample = false;
        return;
      }
      if (inExample && current) {
        if (/^\s*```/.test(stripped)) return; // optional fences
        current.lines.push(stripped);
      }
    });
  }
  return out;
}

const GLOBAL_NAMES = new Set(['undefined', 'NaN', 'Infinity', 'arguments']);

/** Free identifiers of a code block: referenced as values and not declared in the block. */
function freeIdentifiers(sf: ts.SourceFile): string[] {
  const declared = new Set<string>();
  const used = new Set<string>();
  const declare = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) declared.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) declare(el.name);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node)) return; // type positions are not runtime references
    if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) declare(node.name);
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) declared.add(node.name.text);
    if (ts.isIdentifier(node)) {
      const p = node.parent;
      const isName =
        (ts.isPropertyAccessExpression(p) && p.name === node) ||
        (ts.isPropertyAssignment(p) && p.name === node) ||
        (ts.isBindingElement(p) && p.propertyName === node) ||
        (ts.isMethodDeclaration(p) && p.name === node) ||
        (ts.isPropertyDeclaration(p) && p.name === node) ||
        ts.isLabeledStatement(p) ||
        ts.isBreakOrContinueStatement(p);
      if (!isName) used.add(node.text);
      if (ts.isShorthandPropertyAssignment(p)) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return [...used].filter((n) => !declared.has(n));
}

function buildBlock(file: string, symbol: string, line: number, lines: string[]): Block {
  const code = lines.join('\n');
  const block: Block = { symbol, file: `src/${file}`, line, code, checks: [], module: null };
  const sf = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);

  const free = freeIdentifiers(sf);
  const unknown = free.filter((n) => !exportNames.has(n) && !GLOBAL_NAMES.has(n) && !(n in globalThis));
  if (unknown.length > 0) {
    block.skipReason = `uses undeclared ${unknown.join(', ')}`;
    return block;
  }
  const imports = free.filter((n) => exportNames.has(n)).sort();

  // Map each `// =>` comment to the top-level expression statement it describes.
  const lineOfPos = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  const codeOf = (l: string) => {
    const at = l.indexOf('//');
    return (at < 0 ? l : l.slice(0, at)).trim();
  };
  const replacements: { start: number; end: number; text: string }[] = [];
  for (let k = 0; k < lines.length; k++) {
    const at = lines[k]!.indexOf('// =>');
    if (at < 0) continue;
    const expectedText = lines[k]!.slice(at + '// =>'.length).trim();
    let target = k;
    if (codeOf(lines[k]!) === '') {
      target = k - 1;
      while (target >= 0 && codeOf(lines[target]!) === '') target--;
    }
    const stmt = sf.statements.find((s) => lineOfPos(s.end) === target);
    if (!stmt || !ts.isExpressionStatement(stmt)) {
      block.skipReason = `line ${line + k}: '// =>' does not follow an expression statement`;
      return block;
    }
    let expected: unknown;
    try {
      expected = parseLiteral(expectedText);
    } catch (e) {
      block.skipReason = `line ${line + k}: expected value is not a literal (${(e as Error).message})`;
      return block;
    }
    const n = block.checks.length;
    block.checks.push({ line: line + k, expr: stmt.expression.getText(sf), expected });
    replacements.push({ start: stmt.getStart(sf), end: stmt.end, text: `__check((${stmt.expression.getText(sf)}), ${n});` });
  }
  if (block.checks.length === 0) {
    block.skipReason = 'no // => lines';
    return block;
  }
  let body = code;
  for (const r of [...replacements].sort((a, b) => b.start - a.start)) {
    body = body.slice(0, r.start) + r.text + body.slice(r.end);
  }
  block.module = [
    `// @example of ${symbol} (src/${file}:${line})`,
    `import * as telcokit from ${JSON.stringify(indexPath)};`,
    imports.length > 0 ? `const { ${imports.join(', ')} } = telcokit;` : '',
    'export const __results: unknown[] = [];',
    'const __check = (value: unknown, n: number) => { __results[n] = value; };',
    body,
    '',
  ].join('\n');
  return block;
}

const blocks: Block[] = [];
for (const file of listSources()) {
  for (const ex of extractExamples(file)) blocks.push(buildBlock(file, ex.symbol, ex.line, ex.lines));
}

const tmp = mkdtempSync(join(tmpdir(), 'telcokit-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const runnable = blocks.filter((b) => b.module !== null);
const skipped = blocks.filter((b) => b.module === null);
console.log(
  `doc examples: ${blocks.length} blocks, ${runnable.length} runnable, ${skipped.length} skipped` +
    (skipped.length ? `: ${skipped.map((b) => `${b.symbol} (${b.file}: ${b.skipReason})`).join('; ')}` : ''),
);

describe('doc @example blocks', () => {
  test('extraction finds the examples', () => {
    expect(blocks.length).toBeGreaterThan(50);
    expect(runnable.length).toBeGreaterThan(blocks.length / 2);
  });

  runnable.forEach((block, b) => {
    const name = `@example of ${block.symbol} (${block.file})`;
    const defect = KNOWN_DEFECTS[`${block.symbol} (${block.file})`];
    (defect ? test.skip : test)(name, async () => {
      const path = join(tmp, `example-${b}-${block.symbol}.ts`);
      writeFileSync(path, block.module!);
      const mod = (await import(/* @vite-ignore */ path)) as { __results: unknown[] };
      block.checks.forEach((check, n) => {
        expect(n in mod.__results, `${block.file}:${check.line}: ${check.expr} was not evaluated`).toBe(true);
        expect(mod.__results[n], `${relative(repo, join(repo, block.file))}:${check.line}: ${check.expr}`).toEqual(check.expected);
      });
    });
  });
});
