/**
 * Internal: the chain of common table expressions the emitters write. Each stage is one
 * `SELECT` over the previous stage that passes the carried columns through by name and adds or
 * replaces the stage's own columns; every column list is explicit (no `SELECT *`), so hidden
 * helper columns never leak into the result.
 */
import { DataError } from '../errors.js';
import type { Dialect } from './dialect.js';

/** The type of a column in the emitted relation. */
export type SqlColumnType = 'numeric' | 'categorical' | 'boolean' | 'any';

/** One column of a stage's output: `expr` null means "pass the previous column through". */
export interface StageItem {
  readonly name: string;
  readonly expr: string | null;
}

/** Prefix of the CTE names; an input relation may not use it. */
export const STAGE_PREFIX = '__telcokit_';

export class Chain {
  readonly stages: string[] = [];
  /** Columns of the current relation, in order, with their types. */
  cols: { name: string; type: SqlColumnType }[];
  private n = 0;

  constructor(
    readonly d: Dialect,
    readonly fn: string,
    first: { name: string; type: SqlColumnType; expr: string }[],
    from: string,
  ) {
    this.cols = first.map((c) => ({ name: c.name, type: c.type }));
    this.push(first, from);
  }

  /** The current relation's name (quoted). */
  get current(): string {
    return this.d.ident(`${STAGE_PREFIX}${this.n - 1}`);
  }

  has(name: string): boolean {
    return this.cols.some((c) => c.name === name);
  }

  typeOf(name: string): SqlColumnType | undefined {
    return this.cols.find((c) => c.name === name)?.type;
  }

  /** A column of the current relation, quoted. @throws DataError naming `who` when absent */
  ref(name: string, who: string): string {
    if (!this.has(name)) {
      const now = this.cols.map((c) => c.name);
      throw new DataError(
        `${this.fn}: ${who} reads column '${name}', which the relation does not have at that point (columns: ${now.slice(0, 20).join(', ')}${now.length > 20 ? ', …' : ''}); add it to \`keep\` or map it with \`columns\``,
      );
    }
    return this.d.ident(name);
  }

  /**
   * Adds a stage: `cols` is the new column list; a column whose `expr` is null passes through.
   * @throws DataError when two columns of the stage share a name
   */
  stage(items: readonly { name: string; type: SqlColumnType; expr: string | null }[]): void {
    const seen = new Set<string>();
    for (const it of items) {
      if (seen.has(it.name)) throw new DataError(`${this.fn}: two columns are named '${it.name}'; rename one (\`keep\` and the models' outputs must not collide)`);
      seen.add(it.name);
      if (it.expr === null && !this.has(it.name)) throw new DataError(`${this.fn}: internal: column '${it.name}' passed through but absent`);
    }
    this.push(items, this.current);
    this.cols = items.map((c) => ({ name: c.name, type: c.type }));
  }

  /** Adds columns at the end of the relation (a stage passing everything else through). */
  append(items: readonly { name: string; type: SqlColumnType; expr: string }[]): void {
    this.stage([...this.cols.map((c) => ({ ...c, expr: null })), ...items]);
  }

  private push(items: readonly { name: string; expr: string | null }[], from: string): void {
    const list = items.map((c) => (c.expr === null ? this.d.ident(c.name) : `${c.expr} AS ${this.d.ident(c.name)}`));
    const name = this.d.ident(`${STAGE_PREFIX}${this.n++}`);
    this.stages.push(`${name} AS (\n  SELECT\n    ${list.join(',\n    ')}\n  FROM ${from}\n)`);
  }

  /** The whole query: the stages as a WITH clause and a final SELECT of `names`. */
  query(names: readonly string[], tail = ''): string {
    const list = names.map((n) => this.d.ident(n));
    return `WITH\n${this.stages.join(',\n')}\nSELECT\n  ${list.join(',\n  ')}\nFROM ${this.current}${tail}`;
  }
}
