/**
 * `derive`: new numeric columns from expressions (see `Expr`), evaluated in order, so a later
 * output may use an earlier one. An output named like an existing column replaces it in place;
 * new names are appended. Text expressions are parsed at fit and stored as trees.
 */
import { DataError } from '../../../errors.js';
import { compileExpr } from '../../expr-eval.js';
import { parseExpr } from '../../expr.js';
import type { Col } from '../frame.js';
import type { ColumnType } from '../schema.js';
import type { StepImpl } from './common.js';

export const deriveStep: StepImpl<'derive'> = {
  fit(_frame, spec) {
    return {
      type: 'derive',
      outputs: Object.entries(spec.outputs).map(([name, e]) => ({ name, expr: typeof e === 'string' ? parseExpr(e) : e })),
    };
  },
  layout: (f) => ({ append: f.outputs.map((o) => o.name) }),
  transform(frame, f, ctx) {
    const res = new Map<string, Col>();
    const typeOf = (name: string): ColumnType | undefined => res.get(name)?.type ?? (frame.has(name) ? frame.type(name) : undefined);
    const get = (name: string): Col => res.get(name) ?? frame.get(name);
    for (const { name, expr } of f.outputs) {
      const run = compileExpr(expr, typeOf, (msg) => {
        throw new DataError(`${ctx.fn}: ${ctx.label}: output '${name}': ${msg}`);
      });
      res.set(name, { type: 'numeric', values: run(get, frame.n) });
    }
    return res;
  },
};
