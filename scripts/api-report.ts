/**
 * The public surface as a checked artefact: every export of every entry point in package.json
 * "exports", with its kind and signature, written to api/telcokit.api.md.
 *
 *   npm run api:report    rewrite api/telcokit.api.md from src/ (commit the diff with the change)
 *   npm run check:api     fail, printing the differing lines, when the committed report is stale
 *
 * Built on the TypeScript compiler API (no build needed): it resolves each entry point's exports
 * through re-exports to their declarations and prints functions as their call signatures,
 * interfaces member by member, type aliases expanded one level, constants with their type.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reportPath = join(root, 'api', 'telcokit.api.md');

interface Entry {
  readonly name: string;
  readonly file: string;
}

function entryPoints(): Entry[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  return Object.keys(pkg.exports)
    .filter((k) => k !== './package.json')
    .map((k) => (k === '.' ? { name: 'telcokit', file: 'src/index.ts' } : { name: `telcokit/${k.slice(2)}`, file: `src/${k.slice(2)}/index.ts` }));
}

const FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope | ts.TypeFormatFlags.WriteArrayAsGenericType;

function kindOf(s: ts.Symbol): string {
  const f = s.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) return 'const';
  return 'other';
}

function typeParams(decl: ts.Declaration): string {
  const tp = (decl as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters;
  return tp && tp.length > 0 ? `<${tp.map((p) => p.getText()).join(', ')}>` : '';
}

function describe(checker: ts.TypeChecker, name: string, s: ts.Symbol): string[] {
  const decl = s.declarations?.[0];
  if (!decl) return [`${name}: (no declaration)`];
  const kind = kindOf(s);
  const lines: string[] = [];
  if (kind === 'function') {
    const type = checker.getTypeOfSymbolAtLocation(s, decl);
    for (const sig of type.getCallSignatures()) lines.push(`function ${name}${checker.signatureToString(sig, decl, FLAGS)}`);
  } else if (kind === 'const') {
    lines.push(`const ${name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(s, decl), decl, FLAGS)}`);
  } else if (kind === 'type') {
    const t = checker.getDeclaredTypeOfSymbol(s);
    lines.push(`type ${name}${typeParams(decl)} = ${checker.typeToString(t, decl, FLAGS | ts.TypeFormatFlags.InTypeAlias)}`);
  } else if (kind === 'interface' || kind === 'class') {
    const t = checker.getDeclaredTypeOfSymbol(s);
    const heritage = (decl as ts.ClassLikeDeclaration).heritageClauses?.map((h) => h.getText()).join(' ');
    lines.push(`${kind} ${name}${typeParams(decl)}${heritage ? ` ${heritage}` : ''} {`);
    if (kind === 'class') {
      const ctor = checker.getTypeOfSymbolAtLocation(s, decl);
      for (const sig of ctor.getConstructSignatures()) lines.push(`  constructor${checker.signatureToString(sig, decl, FLAGS)};`);
    }
    for (const p of t.getProperties()) {
      const pd = p.declarations?.[0];
      if (!pd) continue;
      // members inherited from the standard library (Error's message, stack, …) are not ours
      if (relative(root, pd.getSourceFile().fileName).startsWith('node_modules')) continue;
      const mods = ts.getCombinedModifierFlags(pd);
      if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      const ro = mods & ts.ModifierFlags.Readonly ? 'readonly ' : '';
      const opt = p.flags & ts.SymbolFlags.Optional ? '?' : '';
      const pt = checker.getTypeOfSymbolAtLocation(p, pd);
      const sigs = p.flags & ts.SymbolFlags.Method ? pt.getCallSignatures() : [];
      if (sigs.length > 0) for (const sig of sigs) lines.push(`  ${p.name}${opt}${checker.signatureToString(sig, pd, FLAGS)};`);
      else lines.push(`  ${ro}${p.name}${opt}: ${checker.typeToString(pt, pd, FLAGS)};`);
    }
    lines.push('}');
  } else {
    lines.push(`${kind} ${name}`);
  }
  return lines;
}

/**
 * House rules on the surface, checked with the report: index files re-export by name (no
 * `export *`, so nothing internal becomes public by accident) and the root re-exports every export
 * of every module entry point — except the entry points that need Node or an optional peer
 * dependency (telcokit/node, telcokit/report, telcokit/duckdb, telcokit/clickhouse, telcokit/redis), so importing the root never loads them.
 */
const NOT_IN_ROOT: ReadonlySet<string> = new Set(['telcokit/node', 'telcokit/report', 'telcokit/duckdb', 'telcokit/clickhouse', 'telcokit/redis']);
function surfaceProblems(exportsByEntry: ReadonlyMap<string, readonly string[]>): string[] {
  const problems: string[] = [];
  for (const f of readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!/(^|\/)index\.ts$/.test(f)) continue;
    const text = readFileSync(join(root, 'src', f), 'utf8');
    if (/^export \*/m.test(text)) problems.push(`src/${f}: \`export *\` — re-export by name`);
  }
  const rootNames = new Set(exportsByEntry.get('telcokit') ?? []);
  for (const [entry, names] of exportsByEntry) {
    if (entry === 'telcokit' || NOT_IN_ROOT.has(entry)) continue;
    for (const n of names) if (!rootNames.has(n)) problems.push(`${entry} exports ${n}, the root (src/index.ts) does not`);
  }
  return problems;
}

/** The report's text: per entry point the sorted export names and kinds, then every declaration once. */
function buildReport(): { text: string; problems: string[] } {
  const entries = entryPoints();
  const program = ts.createProgram(
    entries.map((e) => join(root, e.file)),
    { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
  );
  const checker = program.getTypeChecker();
  const out: string[] = [
    '# telcokit API report',
    '',
    '<!-- Generated by `npm run api:report` (scripts/api-report.ts); checked in CI by `npm run check:api`. Do not edit by hand. -->',
    '',
  ];
  const decls = new Map<string, string[]>();
  const exportsByEntry = new Map<string, string[]>();
  for (const e of entries) {
    const sf = program.getSourceFile(join(root, e.file));
    if (!sf) throw new Error(`api-report: cannot read ${e.file}`);
    const mod = checker.getSymbolAtLocation(sf);
    const exps = mod ? checker.getExportsOfModule(mod) : [];
    const rows: string[] = [];
    exportsByEntry.set(e.name, exps.map((x) => x.name));
    for (const x of [...exps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const s = x.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(x) : x;
      const decl = s.declarations?.[0];
      const where = decl ? relative(root, decl.getSourceFile().fileName) : '?';
      const kind = kindOf(s);
      rows.push(`| \`${x.name}\` | ${kind} | ${where} |`);
      const key = `${x.name} (${where})`;
      if (!decls.has(key)) decls.set(key, describe(checker, x.name, s));
    }
    out.push(`## ${e.name}`, '', `${rows.length} exports.`, '', '| export | kind | declared in |', '|---|---|---|', ...rows, '');
  }
  out.push('## Declarations', '');
  for (const key of [...decls.keys()].sort()) out.push(`### ${key}`, '', '```ts', ...decls.get(key)!, '```', '');
  return { text: out.join('\n'), problems: surfaceProblems(exportsByEntry) };
}

function main(): void {
  const { text, problems } = buildReport();
  for (const p of problems) console.error(`api-report: ${p}`);
  if (problems.length > 0) process.exitCode = 1;
  if (process.argv.includes('--check')) {
    let old = '';
    try {
      old = readFileSync(reportPath, 'utf8');
    } catch {
      // a missing report is stale
    }
    if (old === text) {
      if (problems.length === 0) console.log('check:api: api/telcokit.api.md matches the public surface');
      return;
    }
    const a = new Set(old.split('\n'));
    const b = new Set(text.split('\n'));
    const removed = old.split('\n').filter((l) => !b.has(l));
    const added = text.split('\n').filter((l) => !a.has(l));
    console.error('check:api: the public surface differs from api/telcokit.api.md (run `npm run api:report` and commit the diff if the change is intended)');
    for (const l of removed.slice(0, 60)) console.error(`- ${l}`);
    for (const l of added.slice(0, 60)) console.error(`+ ${l}`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(reportPath, text);
  console.log(`api-report: wrote ${relative(root, reportPath)}`);
}

main();
