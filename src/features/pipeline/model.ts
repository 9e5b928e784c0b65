/**
 * The `features/pipeline` model schema with its consistency checks: array lengths agree with
 * the columns, every step reads columns that exist at that point, and the stored output names
 * are the ones the steps produce. A model edited by hand into an inconsistent state is rejected.
 */
import { layoutOf } from './run.js';
import type * as z from 'zod';
import { PipelineModelShape } from './schema.js';
import type { FittedStep } from './schema.js';

/** Columns a fitted step reads. */
function reads(step: FittedStep): string[] {
  switch (step.type) {
    case 'derive':
      return [];
    default:
      return step.columns;
  }
}

/** Per-column arrays that must have one entry per column. */
function lengths(step: FittedStep): [string, number][] {
  switch (step.type) {
    case 'impute':
      return [['fill', step.fill.length]];
    case 'standardize':
      return [['mean', step.mean.length], ['scale', step.scale.length]];
    case 'minmax':
      return [['min', step.min.length], ['max', step.max.length], ['scale', step.scale.length]];
    case 'robust':
      return [['center', step.center.length], ['scale', step.scale.length]];
    case 'winsorize':
      return [['lower', step.lower.length], ['upper', step.upper.length]];
    case 'oneHot':
      return [['categories', step.categories.length], ['rare', step.rare.length]];
    case 'ordinal':
      return [['categories', step.categories.length]];
    case 'quantileBin':
      return [['edges', step.edges.length]];
    case 'frequencyEncode':
      return [['categories', step.categories.length], ['frequency', step.frequency.length]];
    case 'targetEncode':
      return [['categories', step.categories.length], ['encoding', step.encoding.length]];
    default:
      return [];
  }
}

/** The first inconsistency in a model, or null. */
export function pipelineInconsistency(model: Pick<z.infer<typeof PipelineModelShape>, 'inputs' | 'steps' | 'featureNames'>): { path: (string | number)[]; message: string } | null {
  let order = model.inputs.map((c) => c.name);
  for (let k = 0; k < model.steps.length; k++) {
    const step = model.steps[k]!;
    for (const [field, len] of lengths(step)) {
      if (len !== (step as { columns: string[] }).columns.length) {
        return { path: ['steps', k, field], message: `${field} has ${len} entries for ${(step as { columns: string[] }).columns.length} columns` };
      }
    }
    if (step.type === 'targetEncode') {
      for (let j = 0; j < step.columns.length; j++) {
        if (step.encoding[j]!.length !== step.categories[j]!.length) return { path: ['steps', k, 'encoding', j], message: 'one encoding per category expected' };
      }
    }
    if (step.type === 'frequencyEncode') {
      for (let j = 0; j < step.columns.length; j++) {
        if (step.frequency[j]!.length !== step.categories[j]!.length) return { path: ['steps', k, 'frequency', j], message: 'one frequency per category expected' };
      }
    }
    const have = new Set(order);
    for (const c of reads(step)) {
      if (!have.has(c)) return { path: ['steps', k, 'columns'], message: `step ${k + 1} (${step.type}) reads column '${c}', which does not exist at that point` };
    }
    const layout = layoutOf(step);
    if (layout.keep) order = [...layout.keep];
    if (layout.replace) {
      const rep = new Map(layout.replace);
      order = order.flatMap((c) => (rep.has(c) ? [...rep.get(c)!] : [c]));
    }
    if (layout.append) for (const c of layout.append) if (!order.includes(c)) order.push(c);
    if (new Set(order).size !== order.length) return { path: ['steps', k], message: `step ${k + 1} (${step.type}) makes a duplicate column` };
  }
  const same = order.length === model.featureNames.length && order.every((c, j) => c === model.featureNames[j]);
  if (!same) return { path: ['featureNames'], message: `featureNames do not match what the steps produce (${order.slice(0, 10).join(', ')}${order.length > 10 ? ', …' : ''})` };
  return null;
}

/** Zod schema of the `features/pipeline` model, consistency checks included. @category Features */
export const PipelineModelSchema = /* @__PURE__ */ (() => PipelineModelShape.superRefine((m, ctx) => {
  const bad = pipelineInconsistency(m);
  if (bad) ctx.addIssue({ code: 'custom', path: bad.path, message: bad.message });
}))();


/**
 * A fitted feature pipeline (`kind: 'features/pipeline'`): the input columns it reads with their
 * types, the fitted steps in order (every learned number as explicit data), and the output
 * column names. Plain data; validated by {@link PipelineModelSchema}.
 * @category Features
 */
export type PipelineModel = z.infer<typeof PipelineModelSchema>;
