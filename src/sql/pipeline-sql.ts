/**
 * Internal: a fitted `features/pipeline` model as a chain of SQL stages, one per step, with the
 * semantics of `applyPipeline` (NULL for missing where it keeps NaN; `__missing__` as the label
 * of a missing category in the encoders; unseen categories to the documented fallback, or a
 * query error under `handleUnknown: 'error'`).
 */
import { ModelError } from '../errors.js';
import { layoutOf } from '../features/pipeline/run.js';
import type { FittedStep } from '../features/pipeline/schema.js';
import type { PipelineModel } from '../features/pipeline/model.js';
import { MISSING } from '../features/pipeline/frame.js';
import type { Chain, SqlColumnType } from './chain.js';
import { numberLiteral } from './dialect.js';
import { exprToSql } from './expr-sql.js';

/** `step 2 (standardize)`. */
const label = (k: number, type: string): string => `step ${k + 1} (${type})`;

/**
 * Writes the pipeline's steps onto `chain`, whose current relation holds `carry` (passed through
 * untouched) and the pipeline's inputs (numeric inputs as DOUBLE with NaN already NULL).
 */
export function pipelineToSql(model: PipelineModel, chain: Chain, carry: readonly string[]): void {
  const d = chain.d;
  const fn = chain.fn;
  model.steps.forEach((step: FittedStep, k) => {
    const who = label(k, step.type);
    if (step.type === 'custom') {
      throw new ModelError(
        `${fn}: ${who} '${step.name}' runs the JavaScript function registered as '${step.fn}', which cannot be written as SQL in dialect '${d.name}'; express it as a derive step, or apply the pipeline in process with applyPipeline(model, rows, { customSteps })`,
      );
    }
    if (step.type === 'derive') {
      writeDerive(step, chain, carry, who);
      return;
    }
    stageStep(step, chain, carry, who, stepExpressions(step, chain, who));
  });
}

/** A derive step: one stage per output, so a later output may read an earlier one. */
function writeDerive(step: Extract<FittedStep, { type: 'derive' }>, chain: Chain, carry: readonly string[], who: string): void {
  const { d, fn } = chain;
  for (const o of step.outputs) {
    const expr = exprToSql(o.expr, {
      d,
      fn,
      who: `${who} output '${o.name}'`,
      typeOf: (n) => chain.typeOf(n),
      ref: (n) => chain.ref(n, who),
    });
    if (chain.has(o.name)) {
      if (carry.includes(o.name)) throw new ModelError(`${fn}: ${who} writes column '${o.name}', which is also a \`keep\` column`);
      chain.stage(chain.cols.map((c) => (c.name === o.name ? { name: c.name, type: 'numeric' as const, expr } : { ...c, expr: null })));
    } else chain.append([{ name: o.name, type: 'numeric', expr }]);
  }
}

/** The SQL expression of each column a fitted step (other than derive or custom) makes, by output name. */
function stepExpressions(step: FittedStep, chain: Chain, who: string): Map<string, { type: SqlColumnType; expr: string }> {
  const { d, fn } = chain;
  const lit = (x: number, what: string): string => numberLiteral(x, fn, what);
  const made = new Map<string, { type: SqlColumnType; expr: string }>();
  const numRef = (c: string): string => chain.ref(c, who);
  const catRef = (c: string): string => `COALESCE(${chain.ref(c, who)}, ${d.text(MISSING)})`;
  const caseOf = (c: string, labels: readonly string[], values: readonly string[], otherwise: string): string =>
    labels.length === 0 ? otherwise : `(CASE ${catRef(c)} ${labels.map((l, i) => `WHEN ${d.text(l)} THEN ${values[i]}`).join(' ')} ELSE ${otherwise} END)`;
  const inList = (x: string, labels: readonly string[]): string => `${x} IN (${labels.map((l) => d.text(l)).join(', ')})`;
  switch (step.type) {
    case 'select':
      break;
    case 'impute':
      step.columns.forEach((c, j) => {
        const fill = step.fill[j]!;
        const isNum = chain.typeOf(c) !== 'categorical';
        made.set(c, {
          type: isNum ? 'numeric' : 'categorical',
          expr: `COALESCE(${numRef(c)}, ${isNum ? lit(fill as number, `${who} fill`) : d.text(String(fill))})`,
        });
        if (step.indicator) made.set(`${c}_missing`, { type: 'numeric', expr: `(CASE WHEN ${numRef(c)} IS NULL THEN 1e0 ELSE 0e0 END)` });
      });
      break;
    case 'standardize':
      step.columns.forEach((c, j) =>
        made.set(c, { type: 'numeric', expr: `((${numRef(c)} - ${lit(step.mean[j]!, `${who} mean`)}) / ${lit(step.scale[j]!, `${who} scale`)})` }),
      );
      break;
    case 'minmax':
      step.columns.forEach((c, j) =>
        made.set(c, {
          type: 'numeric',
          expr: `((${numRef(c)} - ${lit(step.min[j]!, `${who} min`)}) * ${lit(step.scale[j]!, `${who} scale`)} + ${lit(step.rangeMin, `${who} rangeMin`)})`,
        }),
      );
      break;
    case 'robust':
      step.columns.forEach((c, j) =>
        made.set(c, { type: 'numeric', expr: `((${numRef(c)} - ${lit(step.center[j]!, `${who} center`)}) / ${lit(step.scale[j]!, `${who} scale`)})` }),
      );
      break;
    case 'log1p':
      step.columns.forEach((c) => {
        const x = numRef(c);
        const msg = `${fn}: ${who}: a value of column '${c}' is <= -1 and has no log1p`;
        made.set(`${c}_log1p`, { type: 'numeric', expr: `(CASE ${d.failArm(`${x} <= (-1e0)`, msg)}ELSE ${d.log1p(x)} END)` });
      });
      break;
    case 'winsorize':
      step.columns.forEach((c, j) => {
        const x = numRef(c);
        const a = lit(step.lower[j]!, `${who} lower`);
        const b = lit(step.upper[j]!, `${who} upper`);
        made.set(c, { type: 'numeric', expr: `(CASE WHEN ${x} < ${a} THEN ${a} WHEN ${x} > ${b} THEN ${b} ELSE ${x} END)` });
      });
      break;
    case 'quantileBin':
      step.columns.forEach((c, j) => {
        const x = numRef(c);
        const e = step.edges[j]!;
        const arms = e.map((t, b) => `WHEN ${x} < ${lit(t, `${who} edge`)} THEN ${lit(b, 'bin')}`).join(' ');
        made.set(`${c}_bin`, { type: 'numeric', expr: `(CASE WHEN ${x} IS NULL THEN NULL ${arms} ELSE ${lit(e.length, 'bin')} END)` });
      });
      break;
    case 'oneHot':
      step.columns.forEach((c, j) => {
        const cats = step.categories[j]!;
        const rare = step.rare[j]!;
        const x = catRef(c);
        const known = [...cats, ...rare];
        const guard =
          step.handleUnknown === 'error' && known.length > 0
            ? d.failArm(`NOT (${inList(x, known)})`, `${fn}: ${who}: column '${c}' holds a category not seen at fit (use handleUnknown: 'bucket')`)
            : '';
        const one = (cond: string): string => `(CASE ${guard}WHEN ${cond} THEN 1e0 ELSE 0e0 END)`;
        (step.dropFirst ? cats.slice(1) : cats).forEach((v) => made.set(`${c}=${v}`, { type: 'numeric', expr: one(`${x} = ${d.text(v)}`) }));
        if (rare.length > 0) made.set(`${c}=__other__`, { type: 'numeric', expr: one(inList(x, rare)) });
        if (step.handleUnknown === 'bucket') {
          made.set(`${c}=__unknown__`, { type: 'numeric', expr: known.length > 0 ? one(`NOT (${inList(x, known)})`) : '1e0' });
        }
      });
      break;
    case 'ordinal':
      step.columns.forEach((c, j) => {
        const cats = step.categories[j]!;
        const x = catRef(c);
        const missingArm = cats.includes(MISSING) ? '' : `WHEN ${d.text(MISSING)} THEN NULL `;
        const arms = cats.map((v, i) => `WHEN ${d.text(v)} THEN ${lit(i, 'code')}`).join(' ');
        const coded = `(CASE ${x} ${missingArm}${arms} ELSE NULL END)`;
        // an unseen category stops the query (handleUnknown 'error'), guarded before the lookup
        const guard = d.failArm(`NOT (${inList(x, [...new Set([...cats, MISSING])])})`, `${fn}: ${who}: column '${c}' holds a category not seen at fit (use handleUnknown: 'missing')`);
        made.set(c, { type: 'numeric', expr: step.handleUnknown === 'missing' ? coded : `(CASE ${guard}ELSE ${coded} END)` });
      });
      break;
    case 'frequencyEncode':
      step.columns.forEach((c, j) => {
        const values = step.frequency[j]!.map((f) => lit(f, `${who} frequency`));
        made.set(`${c}_freq`, { type: 'numeric', expr: caseOf(c, step.categories[j]!, values, '0e0') });
      });
      break;
    case 'targetEncode':
      step.columns.forEach((c, j) => {
        const values = step.encoding[j]!.map((f) => lit(f, `${who} encoding`));
        made.set(`${c}_te`, { type: 'numeric', expr: caseOf(c, step.categories[j]!, values, lit(step.prior, `${who} prior`)) });
      });
      break;
  }
  return made;
}

/** Stages the step's output in the column order the in-process frame computes (`carry` columns first, untouched). */
function stageStep(step: FittedStep, chain: Chain, carry: readonly string[], who: string, made: ReadonlyMap<string, { type: SqlColumnType; expr: string }>): void {
  const fn = chain.fn;
  // the new column order, as the in-process frame computes it
  const layout = layoutOf(step);
  let order = chain.cols.map((c) => c.name).filter((n) => !carry.includes(n));
  if (layout.keep) order = [...layout.keep];
  if (layout.replace) {
    const rep = new Map(layout.replace);
    order = order.flatMap((n) => (rep.has(n) ? [...rep.get(n)!] : [n]));
  }
  if (layout.append) for (const n of layout.append) if (!order.includes(n)) order.push(n);
  for (const n of order) {
    if (carry.includes(n)) throw new ModelError(`${fn}: ${who} writes column '${n}', which is also a \`keep\` column; leave it out of \`keep\``);
  }
  chain.stage([
    ...carry.map((n) => ({ name: n, type: chain.typeOf(n)!, expr: null })),
    ...order.map((n) => {
      const m = made.get(n);
      return m ? { name: n, type: m.type, expr: m.expr } : { name: n, type: chain.typeOf(n)!, expr: null };
    }),
  ]);
}
